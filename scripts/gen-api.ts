import fs from 'node:fs';
import path from 'node:path';
import { apiSchemaPath, renderApiSchema } from './render-api-schema.ts';

// `npm run gen:api`: rewrites the web's generated API types from the server's zod schemas.
const source = await renderApiSchema();
const before = fs.existsSync(apiSchemaPath) ? fs.readFileSync(apiSchemaPath, 'utf8') : null;
fs.writeFileSync(apiSchemaPath, source);
const name = path.relative(process.cwd(), apiSchemaPath);
console.log(before === source ? `${name} is up to date` : `wrote ${name}`);
