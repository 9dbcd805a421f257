import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, runMigrations } from '../../src/db/client.ts';
import { type BundledPostgres, startBundledPostgres } from '../../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance connection of the test server (creates and drops per-file databases). */
    adminUrl: string;
    /** Migrated template every test file clones its own database from. */
    templateDb: string;
    /** Prefix of every database this run creates, so teardown drops exactly those. */
    dbPrefix: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One PostgreSQL per test run: the bundled one in a temp dir, or TEST_DATABASE_URL (e.g. the machine's
 * service). A template database is migrated once; each test file clones it.
 */
export default async function setup(project: TestProject) {
  let bundled: BundledPostgres | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-test-'));
    // As root the bundled server runs as user postgres, which must be able to enter the directory.
    fs.chmodSync(dataDir, 0o755);
    bundled = await startBundledPostgres({ dataDir, database: 'postgres', lock: false });
    adminUrl = bundled.adminUrl;
  }
  const prefix = `salesops_t${crypto.randomBytes(3).toString('hex')}_`;
  const templateDb = `${prefix}template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDb}`);
  const templateUrl = withDatabase(adminUrl, templateDb);
  const database = connect(templateUrl, { max: 2 });
  await runMigrations(database.db);
  await database.close();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('dbPrefix', prefix);

  return async () => {
    const dbs = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of dbs.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
    await admin.end();
    if (bundled) {
      await bundled.stop();
    }
    if (dataDir) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
