import type { Db } from '../db/client.ts';
import { buildApp } from './app.ts';

/**
 * A database handle for an app that is only asked to describe itself: routes read `db` when a request
 * runs, never while they register, so any use here is a mistake worth a loud error.
 */
const noDatabase = new Proxy({} as Db, {
  get(_target, property) {
    // The auth cache looks for a pool to listen on when the app is ready; none means no cache.
    if (property === '$client') {
      return undefined;
    }
    throw new Error(`The OpenAPI document is built without a database (db.${String(property)} was used)`);
  },
});

export type OpenApiDocument = ReturnType<Awaited<ReturnType<typeof buildApp>>['swagger']>;

/** The document served at /api/v1/openapi.json, built from the routes' zod schemas, no database needed. */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const app = await buildApp({ db: noDatabase });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
