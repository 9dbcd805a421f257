import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/services/backup/backup-database.ts';
import { createTestDatabase, databaseUrl } from '../support/db.ts';
import { makeRegionalOrg, makeUnit } from '../support/factories.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

const bin = path.resolve('bin/salesops.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-backup-cli-'));
let empty: TestDb;
let full: TestDb;
let orgs: Awaited<ReturnType<typeof makeRegionalOrg>>[];

/** Runs `salesops backup …` as a user would; `env` replaces DATABASE_URL / SALESOPS_DATA_DIR. */
function backup(args: string[], env: { DATABASE_URL?: string; SALESOPS_DATA_DIR?: string }) {
  const e: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) {
    delete e.DATABASE_URL;
  }
  const child = spawn(process.execPath, [bin, 'backup', ...args], {
    env: e,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
}

/** The table markers of a backup file: table name → rows. */
function tablesIn(file: string): Record<string, number> {
  const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n');
  const out: Record<string, number> = {};
  for (const line of lines) {
    const v = JSON.parse(line) as { table?: string; rows?: number };
    if (typeof v.table === 'string') {
      out[v.table] = v.rows!;
    }
  }
  return out;
}

const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith('.partial'));

beforeAll(async () => {
  empty = await createTestDatabase();
  full = await createTestDatabase();
  orgs = [await makeRegionalOrg(full.db), await makeRegionalOrg(full.db)];
});

afterAll(async () => {
  await empty.drop();
  await full.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('salesops backup refuses to write an empty backup', () => {
  it('with no DATABASE_URL and a data dir without a database: exit 1, a message, no file, no new database', {
    timeout: 240_000,
  }, async () => {
    const dataDir = path.join(dir, 'no-data');
    fs.mkdirSync(dataDir);
    const out = path.join(dir, 'nothing.ndjson.gz');
    const r = await backup(['--out', out], { SALESOPS_DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/No SalesOps database found.*holds no bundled database/);
    expect(fs.existsSync(out)).toBe(false);
    // No initdb just to back up nothing.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('with a database holding no organisation: exit 1, a message, the existing file untouched', {
    timeout: 240_000,
  }, async () => {
    const out = path.join(dir, 'previous.ndjson.gz');
    fs.writeFileSync(out, 'the previous backup');
    const r = await backup(['--out', out, '--force'], { DATABASE_URL: databaseUrl(empty.name) });
    expect(r.code).toBe(1);
    expect(r.output).toContain('This database holds no organisation: nothing to back up');
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous backup');
    expect(leftovers()).toEqual([]);
  });
});

describe('salesops backup never replaces a file by accident', () => {
  it('refuses an existing file without --force and replaces it with --force, printing what it wrote', {
    timeout: 240_000,
  }, async () => {
    const out = path.join(dir, 'all.ndjson.gz');
    fs.writeFileSync(out, 'yesterday');
    const refused = await backup(['--out', out], { DATABASE_URL: databaseUrl(full.name) });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/already exists; pass --force to replace it/);
    expect(fs.readFileSync(out, 'utf8')).toBe('yesterday');

    const forced = await backup(['--out', out, '--force'], { DATABASE_URL: databaseUrl(full.name) });
    expect(forced.code).toBe(0);
    expect(forced.output).toContain('(replaced the previous file)');
    expect(forced.output).toContain('Organisations (2):');
    for (const o of orgs) {
      expect(forced.output).toContain(`${o.org.id} ${o.org.name}`);
    }
    expect(forced.output).toMatch(/users\s+16\n/);
    expect(tablesIn(out)).toMatchObject({ orgs: 2, org_units: 8, users: 16 });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(leftovers()).toEqual([]);
  });

  it('writes a new file without --force', { timeout: 240_000 }, async () => {
    const out = path.join(dir, 'one-org.ndjson.gz');
    const r = await backup(['--out', out, '--org', orgs[0]!.org.id], {
      DATABASE_URL: databaseUrl(full.name),
    });
    expect(r.code).toBe(0);
    expect(r.output).toContain('Organisations (1):');
    expect(tablesIn(out)).toMatchObject({ orgs: 1, users: 8 });
  });
});

describe('the backup audit entry', () => {
  it('shows each organisation only its own figures after a whole-database backup', async () => {
    const db = await createTestDatabase();
    try {
      const small = await makeRegionalOrg(db.db);
      const big = await makeRegionalOrg(db.db);
      for (const name of ['分部 1', '分部 2', '分部 3']) {
        await makeUnit(db.db, big.org.id, big.units.root.id, { name });
      }
      const out = path.join(dir, 'audit.ndjson.gz');
      const result = await backupDatabase({ pool: db.pool, out, now: new Date() });
      expect(result.rows.org_units).toBe(4 + 7);
      const { rows } = await db.pool.query<{ org_id: string; rows: Record<string, number> }>(
        `select org_id, changes->'rows'->'after' as rows from audit_log where entity = 'backup'`,
      );
      const byOrg = new Map(rows.map((r) => [r.org_id, r.rows]));
      expect(byOrg.size).toBe(2);
      expect(byOrg.get(small.org.id)).toMatchObject({ orgs: 1, org_units: 4, users: 8 });
      expect(byOrg.get(big.org.id)).toMatchObject({ orgs: 1, org_units: 7, users: 8 });
      // Not tenant data: never in an organisation's figures.
      expect(byOrg.get(small.org.id)).not.toHaveProperty('login_attempts');
    } finally {
      await db.drop();
    }
  });
});

describe('a backup that fails half-way', () => {
  it('leaves the previous file intact and no partial file, even with force', async () => {
    const db = await createTestDatabase();
    try {
      const org = await makeRegionalOrg(db.db);
      const out = path.join(dir, 'half.ndjson.gz');
      await backupDatabase({ pool: db.pool, out, now: new Date() });
      const before = fs.readFileSync(out);
      // Two users managing each other: unreachable from a root, detected after orgs and org_units
      // were already streamed into the temporary file.
      const { eastRep, southRep } = org.users;
      await db.pool.query(`update users set manager_id = $2 where id = $1`, [eastRep.id, southRep.id]);
      await db.pool.query(`update users set manager_id = $2 where id = $1`, [southRep.id, eastRep.id]);
      await expect(backupDatabase({ pool: db.pool, out, force: true, now: new Date() })).rejects.toThrow(
        /users: 2 of 8 rows are not reachable/,
      );
      expect(fs.readFileSync(out).equals(before)).toBe(true);
      expect(leftovers()).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
