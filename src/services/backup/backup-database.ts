import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { Invalid, NotFound } from '../../core/errors.ts';
import { migrationsFolder } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';

/** First-line marker of a SalesOps backup and the version of its layout (bump when the layout changes). */
export const BACKUP_FORMAT = 'salesops-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupTable {
  name: string;
  /**
   * How a row belongs to an org: its `org_id`, the org's own `id` (orgs), or not at all (`null`:
   * not tenant data, so only in whole-database backups).
   */
  orgColumn: 'org_id' | 'id' | null;
  /** A stable row order, so two backups of the same data are the same file. */
  orderBy: string[];
  /** A self-reference inside the org (`parent_id` → `id`): rows are written parents first, by depth. */
  parentColumn?: string;
}

/**
 * Every table of the `public` schema, parents before children: a backup writes them in this order
 * and a restore inserts them in file order, so foreign keys hold at every insert. A new table goes
 * here too; `backupDatabase` refuses to run while a table is missing from this list.
 */
export const TABLES: readonly BackupTable[] = [
  { name: 'orgs', orgColumn: 'id', orderBy: ['id'] },
  { name: 'org_units', orgColumn: 'org_id', orderBy: ['org_id', 'id'], parentColumn: 'parent_id' },
  { name: 'users', orgColumn: 'org_id', orderBy: ['org_id', 'id'], parentColumn: 'manager_id' },
  { name: 'api_tokens', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'sessions', orgColumn: 'org_id', orderBy: ['org_id', 'id_hash'] },
  { name: 'audit_log', orgColumn: 'org_id', orderBy: ['org_id', 'at', 'id'] },
  { name: 'sales_settings', orgColumn: 'org_id', orderBy: ['org_id'] },
  { name: 'customers', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'contacts', orgColumn: 'org_id', orderBy: ['org_id', 'id'], parentColumn: 'reports_to_id' },
  { name: 'product_lines', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'products', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'lead_assignment_rules', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'leads', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'pipeline_stages', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'deals', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'deal_contacts', orgColumn: 'org_id', orderBy: ['org_id', 'deal_id', 'contact_id'] },
  { name: 'deal_line_items', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'deal_stage_history', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'activities', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'tasks', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'notifications', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'saved_views', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'import_jobs', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'import_files', orgColumn: 'org_id', orderBy: ['org_id', 'import_id'] },
  { name: 'login_attempts', orgColumn: null, orderBy: ['id'] },
];

/** Tables of `public` that are neither in TABLES nor drizzle's own bookkeeping. */
export async function findUnlistedTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`,
  );
  const listed = new Set(TABLES.map((t) => t.name));
  return rows.map((r) => r.name).filter((name) => !listed.has(name) && name !== '__drizzle_migrations');
}

/** The migrations this build ships, oldest first (drizzle-kit's journal). */
export function readJournal(): { tag: string; when: number }[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { tag: string; when: number }[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** Tags of the journal's migrations this database has applied (drizzle records each one's `when`). */
async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
  );
  if (!rows[0]?.exists) {
    return [];
  }
  const applied = await client.query<{ at: string }>(
    'select created_at::text as at from drizzle.__drizzle_migrations',
  );
  const seen = new Set(applied.rows.map((r) => r.at));
  return readJournal()
    .filter((m) => seen.has(String(m.when)))
    .map((m) => m.tag);
}

const q = (identifier: string) => pg.escapeIdentifier(identifier);

/** Rows of one table in the scope as `row_to_json` text, parents before children. */
function selectRows(table: BackupTable, scoped: boolean): { rows: string; count: string } {
  const t = q(table.name);
  const where = scoped && table.orgColumn ? `where t.${q(table.orgColumn)} = $1` : '';
  const count = `select count(*)::int as n from ${t} t ${where}`;
  if (!table.parentColumn) {
    const order = table.orderBy.map((c) => `t.${q(c)}`).join(', ');
    return { rows: `select row_to_json(t)::text as j from ${t} t ${where} order by ${order}`, count };
  }
  // Depth from the roots, so every row comes after the one it points to. Rows on a cycle are never
  // reached from a root; the row count check in backupDatabase turns that into an error.
  const parent = q(table.parentColumn);
  const rootScope = scoped ? 'and org_id = $1' : '';
  const rows = `with recursive tree (org_id, id, depth) as (
      select org_id, id, 0 from ${t} where ${parent} is null ${rootScope}
      union all
      select c.org_id, c.id, tree.depth + 1 from ${t} c join tree on c.org_id = tree.org_id and c.${parent} = tree.id
    )
    select row_to_json(t)::text as j from ${t} t join tree on tree.org_id = t.org_id and tree.id = t.id
    order by tree.depth, t.org_id, t.id`;
  return { rows, count };
}

export interface BackupResult {
  file: string;
  scope: 'org' | 'all';
  orgId: string | null;
  /** Rows written per table, in file order. */
  rows: Record<string, number>;
}

interface BackupOptions {
  pool: pg.Pool;
  /** The file to write (gzip'd NDJSON); written next to it first and renamed when complete. */
  out: string;
  /** One org; omitted for the whole database. */
  orgId?: string | undefined;
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
 * through a cursor, so a big org never sits in memory. Each org backed up gets an audit row.
 */
export async function backupDatabase({
  pool,
  out,
  orgId,
  actor = null,
  now,
}: BackupOptions): Promise<BackupResult> {
  if (orgId !== undefined && !UUID.test(orgId)) {
    throw new Invalid(`"${orgId}" is not an organisation id (a UUID).`);
  }
  const scope = orgId === undefined ? 'all' : 'org';
  const tables = TABLES.filter((t) => scope === 'all' || t.orgColumn !== null);
  const params = orgId === undefined ? [] : [orgId];
  const rows: Record<string, number> = {};
  const file = path.resolve(out);
  const partial = `${file}.partial`;
  const client = await pool.connect();
  let orgIds: string[];
  try {
    // One snapshot for every table, so the file is consistent even while the app keeps writing.
    await client.query('begin isolation level repeatable read read only');
    const unlisted = await findUnlistedTables(client);
    if (unlisted.length > 0) {
      throw new Error(
        `Tables missing from the backup list (src/services/backup/backup-database.ts TABLES): ${unlisted.join(', ')}.`,
      );
    }
    const orgsInScope = await client.query<{ id: string }>(
      `select id from orgs ${orgId === undefined ? '' : 'where id = $1'} order by id`,
      params,
    );
    orgIds = orgsInScope.rows.map((r) => r.id);
    if (orgId !== undefined && orgIds.length === 0) {
      throw new NotFound(`No organisation ${orgId}.`);
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
          const batch = await client.query<{ j: string }>(`fetch ${FETCH_ROWS} from backup_rows`);
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
      }
      yield `${JSON.stringify({ end: BACKUP_FORMAT, rows })}\n`;
    }
    await pipeline(lines(), createGzip(), fs.createWriteStream(partial));
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    await fs.promises.rm(partial, { force: true });
    throw err;
  } finally {
    client.release();
  }
  await fs.promises.rename(partial, file);

  // Recorded after the snapshot, so the backup does not contain its own audit rows.
  const db = drizzle(pool, { schema });
  await db.transaction(async (tx) => {
    for (const id of orgIds) {
      await recordAudit({
        db: tx,
        orgId: id,
        actor,
        action: 'export',
        entity: 'backup',
        entityId: null,
        changes: {
          scope: { before: null, after: scope },
          file: { before: null, after: file },
          rows: { before: null, after: rows },
        },
        at: now,
      });
    }
  });
  return { file, scope, orgId: orgId ?? null, rows };
}
