import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type Db, runMigrations } from '../../src/db/client.ts';
import { startBundledPostgres } from '../../src/db/embedded.ts';
import { buildApp, defaultWebDist } from '../../src/server/app.ts';
import { DEMO_PASSWORD, seedDemoOrg } from '../../src/services/orgs/seed-demo-org.ts';

/**
 * The real server for browser tests: a fresh bundled PostgreSQL (or TEST_DATABASE_URL's server is
 * not used here: the browser suite runs once), migrations, the demo org, and the built web app.
 */
export async function startTestServer(): Promise<{
  url: string;
  adminEmail: string;
  password: string;
  /** The database and the demo org, for tests that add records the UI cannot make yet. */
  db: Db;
  orgId: string;
  stop: () => Promise<void>;
}> {
  if (!fs.existsSync(path.join(defaultWebDist, 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` before the browser tests.');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-browser-'));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startBundledPostgres({ dataDir, lock: false });
  const database = connect(pg.url);
  await runMigrations(database.db);
  const { orgId } = await seedDemoOrg(database.db, new Date());
  const app = await buildApp({ db: database.db, webDist: defaultWebDist, queueHealth: async () => true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    adminEmail: 'admin@demo.salesops.local',
    password: DEMO_PASSWORD,
    db: database.db,
    orgId,
    stop: async () => {
      await app.close();
      await database.close();
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
