import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database } from '../../src/db/client.ts';

export function databaseUrl(name: string): string {
  const u = new URL(inject('adminUrl'));
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database cloned from the migrated template: this test file's alone. */
export async function createTestDatabase(): Promise<Database & { name: string; drop: () => Promise<void> }> {
  const name = `${inject('dbPrefix')}${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('templateDb')}`);
  } finally {
    await admin.end();
  }
  const database = connect(databaseUrl(name), { max: 6 });
  return {
    ...database,
    name,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: inject('adminUrl') });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}

/** An empty database (no migrations), e.g. as a restore target. */
export async function createEmptyDatabase(): Promise<{
  name: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `${inject('dbPrefix')}${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const a = new pg.Client({ connectionString: inject('adminUrl') });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}
