import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase } from './db.ts';
import { makeRegionalOrg } from './factories.ts';
import { makeApp } from './http.ts';

export interface RegionalOrgSuite {
  dbh: Awaited<ReturnType<typeof createTestDatabase>>;
  app: FastifyInstance;
  o: Awaited<ReturnType<typeof makeRegionalOrg>>;
}

/**
 * The usual set-up of a db test file: its own database, the regional org of `makeRegionalOrg` and the
 * app over them, made before the file's tests and dropped after. Read the fields inside tests (they
 * are filled in `beforeAll`).
 */
export function regionalOrgSuite(): RegionalOrgSuite {
  const suite = {} as RegionalOrgSuite;
  beforeAll(async () => {
    suite.dbh = await createTestDatabase();
    suite.o = await makeRegionalOrg(suite.dbh.db);
    suite.app = await makeApp(suite.dbh.db);
  });
  afterAll(async () => {
    await suite.app?.close();
    await suite.dbh?.drop();
  });
  return suite;
}
