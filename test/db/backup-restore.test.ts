import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/auth/roles.ts';
import { connect, type Database } from '../../src/db/client.ts';
import { recordAudit } from '../../src/services/audit/record-audit.ts';
import { backupDatabase, TABLES } from '../../src/services/backup/backup-database.ts';
import { restoreDatabase } from '../../src/services/backup/restore-database.ts';
import { createToken } from '../../src/services/tokens/manage-tokens.ts';
import { createEmptyDatabase, createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg } from '../support/factories.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
type Regional = Awaited<ReturnType<typeof makeRegionalOrg>>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-backup-'));
const cleanups: (() => Promise<void>)[] = [];
let source: TestDb;
let a: Regional;
let b: Regional;
/** Every table as `row_to_json` text, taken just before each backup (a backup adds audit rows). */
let beforeOrgBackup: Record<string, string[]>;
let beforeFullBackup: Record<string, string[]>;
const orgFile = path.join(dir, 'org.ndjson.gz');
const allFile = path.join(dir, 'all.ndjson.gz');

/** Rows of every listed table, exactly as PostgreSQL renders them, optionally of one org only. */
async function snapshot(pool: pg.Pool, orgId?: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    if (orgId && !t.orgColumn) {
      continue;
    }
    const where = orgId && t.orgColumn ? `where ${t.orgColumn} = $1` : '';
    const { rows } = await pool.query<{ j: string }>(
      `select row_to_json(t)::text as j from ${t.name} t ${where} order by 1`,
      orgId && t.orgColumn ? [orgId] : [],
    );
    out[t.name] = rows.map((r) => r.j);
  }
  return out;
}

async function emptyTarget(): Promise<Database> {
  const empty = await createEmptyDatabase();
  const database = connect(empty.url, { max: 3 });
  cleanups.push(async () => {
    await database.close();
    await empty.drop();
  });
  return database;
}

async function addActivity(db: TestDb, org: Regional, label: string): Promise<void> {
  const admin = org.users.admin;
  const actor = {
    orgId: org.org.id,
    userId: admin.id,
    role: admin.role as Role,
    unitId: admin.unitId,
    name: admin.name,
  };
  await createToken(
    { db: db.db, actor, now: () => new Date(), meta: { ip: '10.0.0.1' } },
    { name: `CI ${label}` },
  );
  await recordAudit({
    db: db.db,
    orgId: org.org.id,
    actor: { userId: admin.id, name: admin.name },
    action: 'update',
    entity: 'user',
    entityId: org.users.eastRep.id,
    changes: { name: { before: '旧名\n"quoted"', after: { nested: [1, 2.5, null, true] } } },
    at: new Date(),
  });
  // Microsecond timestamps and a bigint-sized number inside jsonb must come back exactly.
  await db.pool.query(
    `insert into audit_log (org_id, id, at, action, entity, changes)
     values ($1, gen_random_uuid(), '2025-03-01 10:00:00.123456+00', 'export', 'report',
             '{"n": {"before": 9007199254740993, "after": 0.1}}')`,
    [org.org.id],
  );
  await db.pool.query(
    `insert into sessions (id_hash, id, org_id, user_id, csrf_token, expires_at, ip, user_agent)
     values (md5(random()::text), gen_random_uuid(), $1, $2, 'csrf', now() + interval '1 day', '::1', 'vitest')`,
    [org.org.id, org.users.southRep.id],
  );
  await db.pool.query(`update users set last_login_at = clock_timestamp() where org_id = $1`, [org.org.id]);
}

beforeAll(async () => {
  source = await createTestDatabase();
  a = await makeRegionalOrg(source.db);
  b = await makeRegionalOrg(source.db);
  await addActivity(source, a, 'a');
  await addActivity(source, b, 'b');
  await source.pool.query(
    `insert into login_attempts (kind, key, success, at)
     values ('email', 'x@example.test', false, clock_timestamp()), ('ip', '10.0.0.9', true, clock_timestamp())`,
  );

  beforeOrgBackup = await snapshot(source.pool, a.org.id);
  await backupDatabase({ pool: source.pool, out: orgFile, orgId: a.org.id, now: new Date() });
  beforeFullBackup = await snapshot(source.pool);
  await backupDatabase({ pool: source.pool, out: allFile, now: new Date() });
});

afterAll(async () => {
  for (const cleanup of cleanups) {
    await cleanup();
  }
  await source.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup then restore into an empty database', () => {
  it('restores one org exactly, and nothing of the other org', async () => {
    const target = await emptyTarget();
    const result = await restoreDatabase({ pool: target.pool, file: orgFile });
    expect(result.scope).toBe('org');
    expect(result.rows).toMatchObject({ orgs: 1, org_units: 4, users: 8, api_tokens: 1, sessions: 1 });
    const restored = await snapshot(target.pool);
    expect(restored.login_attempts).toEqual([]);
    delete restored.login_attempts;
    expect(restored).toEqual(beforeOrgBackup);
  });

  it('restores the whole database exactly, login attempts included, and moves their id sequence on', async () => {
    const target = await emptyTarget();
    const result = await restoreDatabase({ pool: target.pool, file: allFile });
    expect(result.scope).toBe('all');
    expect(result.rows.orgs).toBe(2);
    expect(await snapshot(target.pool)).toEqual(beforeFullBackup);
    const { rows } = await target.pool.query<{ id: string }>(
      `insert into login_attempts (kind, key, success) values ('email', 'y@example.test', false) returning id`,
    );
    const maxBefore = Math.max(
      ...beforeFullBackup.login_attempts!.map((j) => (JSON.parse(j) as { id: number }).id),
    );
    expect(Number(rows[0]!.id)).toBe(maxBefore + 1);
  });

  it('records the backup in the audit log of each org it covers', async () => {
    const { rows } = await source.pool.query<{ org_id: string; scope: string }>(
      `select org_id, changes->'scope'->>'after' as scope from audit_log
        where action = 'export' and entity = 'backup' order by at, org_id`,
    );
    expect(rows.filter((r) => r.org_id === a.org.id).map((r) => r.scope)).toEqual(['org', 'all']);
    expect(rows.filter((r) => r.org_id === b.org.id).map((r) => r.scope)).toEqual(['all']);
  });
});

describe('restore refuses, and changes nothing', () => {
  it('refuses a database that already holds data', async () => {
    const target = await emptyTarget();
    await restoreDatabase({ pool: target.pool, file: orgFile });
    const before = await snapshot(target.pool);
    await expect(restoreDatabase({ pool: target.pool, file: allFile })).rejects.toThrow(
      /already holds SalesOps data/,
    );
    expect(await snapshot(target.pool)).toEqual(before);
  });

  it('refuses a cut-off file before creating any table', async () => {
    const bytes = fs.readFileSync(allFile);
    const cut = path.join(dir, 'cut.ndjson.gz');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = await emptyTarget();
    await expect(restoreDatabase({ pool: target.pool, file: cut })).rejects.toThrow(/unexpected end of file/);
    const { rows } = await target.pool.query(`select 1 from pg_tables where schemaname = 'public'`);
    expect(rows).toEqual([]);
  });

  it('rolls back every table when a row near the end fails to insert', async () => {
    const lines = gunzipSync(fs.readFileSync(allFile)).toString('utf8').split('\n');
    // The last audit row names an org that does not exist: its foreign key fails after orgs, units
    // and users were already inserted.
    const auditMarker = lines.findIndex((l) => l.startsWith('{"table":"audit_log"'));
    const lastAudit = lines.findIndex((l, i) => i > auditMarker && l.startsWith('{"table":')) - 1;
    lines[lastAudit] = lines[lastAudit]!.replace(
      /"org_id":"[^"]+"/,
      '"org_id":"00000000-0000-0000-0000-000000000001"',
    );
    const bad = path.join(dir, 'bad-row.ndjson.gz');
    fs.writeFileSync(bad, gzipSync(lines.join('\n')));
    const target = await emptyTarget();
    await expect(restoreDatabase({ pool: target.pool, file: bad })).rejects.toThrow(/foreign key/);
    const restored = await snapshot(target.pool);
    expect(Object.values(restored).flat()).toEqual([]);
  });

  it('refuses a backup made by a newer build', async () => {
    const lines = gunzipSync(fs.readFileSync(orgFile)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]!) as { migrations: string[] };
    header.migrations.push('9999_from_the_future');
    lines[0] = JSON.stringify(header);
    const newer = path.join(dir, 'newer.ndjson.gz');
    fs.writeFileSync(newer, gzipSync(lines.join('\n')));
    const target = await emptyTarget();
    await expect(restoreDatabase({ pool: target.pool, file: newer })).rejects.toThrow(
      /newer SalesOps.*9999_from_the_future/,
    );
  });

  it('refuses a file that is not a SalesOps backup', async () => {
    const other = path.join(dir, 'other.ndjson.gz');
    fs.writeFileSync(other, gzipSync('{"hello":"world"}\n'));
    const target = await emptyTarget();
    await expect(restoreDatabase({ pool: target.pool, file: other })).rejects.toThrow(
      /Not a SalesOps backup/,
    );
  });
});

describe('the list of tables', () => {
  it('a backup fails loudly while a table of public is missing from TABLES', async () => {
    const db = await createTestDatabase();
    try {
      await db.pool.query('create table widgets (id int primary key)');
      const out = path.join(dir, 'unlisted.ndjson.gz');
      await expect(backupDatabase({ pool: db.pool, out, now: new Date() })).rejects.toThrow(/widgets/);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('TABLES names exactly the tables the migrations create', async () => {
    const { rows } = await source.pool.query<{ tablename: string }>(
      `select tablename from pg_tables where schemaname = 'public' order by tablename`,
    );
    expect(rows.map((r) => r.tablename)).toEqual(TABLES.map((t) => t.name).sort());
  });
});
