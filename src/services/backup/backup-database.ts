import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import * as schema from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import {
  appliedMigrations,
  countPerOrg,
  findUnlistedTables,
  q,
  selectRows,
  TABLES,
} from './backup-tables.ts';
import { checkTarget, writeFileSafely } from './write-file-safely.ts';

export { type BackupTable, findUnlistedTables, readJournal, TABLES } from './backup-tables.ts';

/** First-line marker of a SalesOps backup and the version of its layout (bump when the layout changes). */
export const BACKUP_FORMAT = 'salesops-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupResult {
  file: string;
  scope: 'org' | 'all';
  orgId: string | null;
  /** The organisations in the file. */
  orgs: { id: string; name: string }[];
  /** Rows written per table, in file order. */
  rows: Record<string, number>;
  /** Whether an existing file was replaced (only with `force`). */
  replaced: boolean;
}

interface BackupOptions {
  pool: pg.Pool;
  /** The file to write (gzip'd NDJSON); written next to it first and renamed when complete. */
  out: string;
  /** One org; omitted for the whole database. */
  orgId?: string | undefined;
  /** Replace `out` if it exists (otherwise an existing file is refused and left alone). */
  force?: boolean;
  /** Who asked, for the audit trail (the CLI passes its system actor). */
  actor?: { userId: string; name: string } | null;
  now: Date;
}

const FETCH_ROWS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes a logical backup of one org or of the whole database (not the `pgboss` schema: jobs are
 * transient). Layout, one JSON value per line: a header; per table `{ table, columns, rows }` then
 * exactly `rows` lines of `row_to_json` output, so types come back exactly as PostgreSQL wrote them;
 * a trailer `{ end, rows }` so a cut-off file is recognised. All tables are read from one snapshot
 * through a cursor, so a big org never sits in memory. A database without any organisation is
 * refused rather than written as an "empty backup" (usually the wrong data dir or DATABASE_URL).
 * Each org backed up gets an audit row with its own figures only.
 */
export async function backupDatabase({
  pool,
  out,
  orgId,
  force = false,
  actor = null,
  now,
}: BackupOptions): Promise<BackupResult> {
  if (orgId !== undefined && !UUID.test(orgId)) {
    throw new Invalid(`"${orgId}" is not an organisation id (a UUID).`, [
      { path: 'org', message: 'must be a UUID' },
    ]);
  }
  const file = path.resolve(out);
  checkTarget(file, force);
  const scope = orgId === undefined ? 'all' : 'org';
  const tables = TABLES.filter((t) => scope === 'all' || t.orgColumn !== null);
  const params = orgId === undefined ? [] : [orgId];
  const rows: Record<string, number> = {};
  /** Per org, its own rows per tenant table (the figures its audit entry shows). */
  const perOrg = new Map<string, Record<string, number>>();
  const client = await pool.connect();
  let orgs: { id: string; name: string }[];
  let replaced: boolean;
  try {
    // One snapshot for every table, so the file is consistent even while the app keeps writing.
    await client.query('begin isolation level repeatable read read only');
    const hasSchema = await client.query<{ ok: boolean }>(
      `select to_regclass('public.orgs') is not null as ok`,
    );
    if (!hasSchema.rows[0]?.ok) {
      throw new RuleViolated('This database holds no SalesOps data (no tables): nothing to back up.');
    }
    const unlisted = await findUnlistedTables(client);
    if (unlisted.length > 0) {
      throw new Error(
        `Tables missing from the backup list (src/services/backup/backup-tables.ts TABLES): ${unlisted.join(', ')}.`,
      );
    }
    const orgsInScope = await client.query<{ id: string; name: string }>(
      `select id, name from orgs ${orgId === undefined ? '' : 'where id = $1'} order by id`,
      params,
    );
    orgs = orgsInScope.rows;
    if (orgId !== undefined && orgs.length === 0) {
      throw new NotFound(`No organisation ${orgId}.`, [{ path: 'org', message: 'no such organisation' }]);
    }
    if (orgs.length === 0) {
      throw new RuleViolated(
        'This database holds no organisation: nothing to back up. Check DATABASE_URL or SALESOPS_DATA_DIR; nothing was written.',
      );
    }
    for (const org of orgs) {
      perOrg.set(org.id, Object.fromEntries(tables.filter((t) => t.orgColumn).map((t) => [t.name, 0])));
    }
    const header = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: now.toISOString(),
      scope,
      orgId: orgId ?? null,
      migrations: await appliedMigrations(client),
      tables: tables.map((t) => t.name),
    };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        const sql = selectRows(table, scope === 'org');
        const count = (await client.query<{ n: number }>(sql.count, params)).rows[0]!.n;
        const columns = await client.query<{ name: string }>(
          `select attname as name from pg_attribute
            where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
          [`public.${q(table.name)}`],
        );
        yield `${JSON.stringify({ table: table.name, columns: columns.rows.map((c) => c.name), rows: count })}\n`;
        let written = 0;
        await client.query(`declare backup_rows no scroll cursor for ${sql.rows}`, params);
        for (;;) {
          const batch = await client.query<{ j: string }>(
            `fetch ${table.batchRows ?? FETCH_ROWS} from backup_rows`,
          );
          if (batch.rows.length === 0) {
            break;
          }
          written += batch.rows.length;
          yield `${batch.rows.map((r) => r.j).join('\n')}\n`;
        }
        await client.query('close backup_rows');
        if (written !== count) {
          throw new Error(
            `${table.name}: ${count - written} of ${count} rows are not reachable from a root through ${table.parentColumn} (a cycle?); backup aborted.`,
          );
        }
        rows[table.name] = written;
        if (table.orgColumn && scope === 'all') {
          for (const r of (await client.query<{ org: string; n: number }>(countPerOrg(table))).rows) {
            const own = perOrg.get(r.org);
            if (own) {
              own[table.name] = r.n;
            }
          }
        } else if (table.orgColumn && orgId !== undefined) {
          perOrg.get(orgId)![table.name] = written;
        }
      }
      yield `${JSON.stringify({ end: BACKUP_FORMAT, rows })}\n`;
    }
    ({ replaced } = await writeFileSafely({
      file,
      force,
      // Backups hold password hashes and personal data: readable by the owner only.
      write: (temporary) =>
        pipeline(
          lines(),
          createGzip(),
          fs.createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true }),
        ),
    }));
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }

  // Recorded after the snapshot, so the backup does not contain its own audit rows.
  const db = drizzle(pool, { schema });
  await db.transaction(async (tx) => {
    for (const org of orgs) {
      await recordAudit({
        db: tx,
        orgId: org.id,
        actor,
        action: 'export',
        entity: 'backup',
        entityId: null,
        changes: {
          scope: { before: null, after: scope },
          file: { before: null, after: file },
          rows: { before: null, after: perOrg.get(org.id) ?? {} },
        },
        at: now,
      });
    }
  });
  return { file, scope, orgId: orgId ?? null, orgs, rows, replaced };
}
