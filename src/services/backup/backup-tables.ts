import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrationsFolder } from '../../db/client.ts';

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
  /**
   * Rows per fetch (backup) and per insert (restore) when a row can be big: an attachment's content
   * is up to 20 MB (40 MB as JSON hex), so thousands of them at once would not fit in memory.
   */
  batchRows?: number;
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
  { name: 'collection_settings', orgColumn: 'org_id', orderBy: ['org_id'] },
  { name: 'document_sequences', orgColumn: 'org_id', orderBy: ['org_id', 'kind', 'year'] },
  { name: 'customer_credit', orgColumn: 'org_id', orderBy: ['org_id', 'customer_id'] },
  { name: 'contracts', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'contract_lines', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'contract_revisions', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'contract_events', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'attachments', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'attachment_contents', orgColumn: 'org_id', orderBy: ['org_id', 'attachment_id'], batchRows: 4 },
  { name: 'orders', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'order_lines', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'order_events', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'installments', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'receipts', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'receipt_allocations', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'idempotency_keys', orgColumn: 'org_id', orderBy: ['org_id', 'user_id', 'key'] },
  { name: 'collection_events', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
  { name: 'bank_statement_lines', orgColumn: 'org_id', orderBy: ['org_id', 'id'] },
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
export async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
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

export const q = (identifier: string) => pg.escapeIdentifier(identifier);

/** Rows of one table in the scope as `row_to_json` text, parents before children. */
export function selectRows(table: BackupTable, scoped: boolean): { rows: string; count: string } {
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

/** Rows of one tenant table per org (`org` as text), for each org's own figures in the audit log. */
export function countPerOrg(table: BackupTable): string {
  return `select t.${q(table.orgColumn ?? 'org_id')}::text as org, count(*)::int as n
    from ${q(table.name)} t group by 1`;
}
