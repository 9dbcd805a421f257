import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiSchemaPath, renderApiSchema } from '../../scripts/render-api-schema.ts';

/** Where two texts first differ, as a line number and both lines, for a readable failure. */
function firstDifference(committed: string, current: string): string {
  const a = committed.split('\n');
  const b = current.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${b[at] ?? '(end of file)'}`;
}

describe('the web API types (web/src/app/api-schema.ts)', () => {
  it('match what the server zod schemas generate now', { timeout: 60_000 }, async () => {
    const name = path.relative(process.cwd(), apiSchemaPath);
    const committed = fs.existsSync(apiSchemaPath) ? fs.readFileSync(apiSchemaPath, 'utf8') : '';
    const current = await renderApiSchema();
    if (committed !== current) {
      expect.fail(
        `${name} is out of date with the server's schemas: run npm run gen:api and commit the result (${firstDifference(committed, current)})`,
      );
    }
    expect(current).toContain('export interface paths');
  });
});
