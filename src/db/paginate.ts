import { and, asc, type Column, desc, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { Invalid } from '../core/errors.ts';
import type { Queryable } from './client.ts';

/** Totals are counted up to this many rows, then reported as capped (DESIGN.md §6). */
export const TOTAL_CAP = 10_000;

export interface Page<T> {
  items: T[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

export interface PageRequest {
  sort?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

interface Options<TTable extends PgTable, TExtra extends Record<string, SQL.Aliased | SQL>> {
  db: Queryable;
  table: TTable;
  where: SQL | undefined;
  /**
   * Sortable fields: public name → column. A nullable column sorts its NULLs last when ascending and
   * first when descending (PostgreSQL's own order, which a plain btree index serves both ways).
   */
  sortable: Record<string, PgColumn>;
  defaultSort: string;
  /** Unique tie-breaker that completes the keyset. */
  id: PgColumn;
  request: PageRequest;
  /** More values to select with each row (e.g. from a correlated subquery), by field name. */
  extra?: TExtra;
}

/** The name of the capped count's field in the page query; no table column is called this. */
const TOTAL_FIELD = '__pageTotal';

function encodeCursor(sort: string, value: unknown, id: unknown): string {
  const v = value instanceof Date ? { d: value.toISOString() } : value;
  return Buffer.from(JSON.stringify([sort, v, id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: string): { value: unknown; id: unknown } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === sort) {
      const raw = parsed[1] as unknown;
      const value =
        raw && typeof raw === 'object' && 'd' in raw ? new Date(String((raw as { d: unknown }).d)) : raw;
      return { value, id: parsed[2] };
    }
  } catch {
    // fall through to the error below
  }
  throw new Invalid('The cursor is not valid for this list and sort.', [
    { path: 'cursor', message: 'not a cursor returned by this list with the same sort' },
  ]);
}

type Item<TTable extends PgTable, TExtra> = TTable['$inferSelect'] & {
  [K in keyof TExtra]: TExtra[K] extends SQL<infer T> ? T : unknown;
};

/** What a page statement needs besides its fields: keyset, order, capped count, sort key. */
interface PagePlan {
  sortKey: string;
  column: PgColumn;
  limit: number;
  keyset: SQL | undefined;
  capped: SQL;
  order: SQL[];
}

function planPage({
  table,
  where,
  sortable,
  defaultSort,
  id,
  request,
}: Omit<Options<PgTable, never>, 'db'>): PagePlan {
  const sortKey = request.sort ?? defaultSort;
  const descending = sortKey.startsWith('-');
  const field = descending ? sortKey.slice(1) : sortKey;
  const column = sortable[field];
  if (!column) {
    throw new Invalid('Unknown sort field.', [
      {
        path: 'sort',
        message: `must be one of ${Object.keys(sortable)
          .flatMap((k) => [k, `-${k}`])
          .join(', ')}`,
      },
    ]);
  }
  let keyset: SQL | undefined;
  if (request.cursor) {
    const c = decodeCursor(request.cursor, sortKey);
    if (c.value === null) {
      // The cursor sits among the NULLs: last when ascending, first when descending.
      keyset = descending
        ? sql`((${column} is null and ${id} < ${c.id}) or ${column} is not null)`
        : sql`(${column} is null and ${id} > ${c.id})`;
    } else {
      const v = column.mapToDriverValue(c.value as never);
      keyset = descending
        ? sql`(${column}, ${id}) < (${v}, ${c.id})`
        : column.notNull
          ? sql`(${column}, ${id}) > (${v}, ${c.id})`
          : sql`((${column}, ${id}) > (${v}, ${c.id}) or ${column} is null)`;
    }
  }
  return {
    sortKey,
    column,
    limit: request.limit ?? 50,
    keyset,
    capped: sql`(select count(*)::int from (select 1 from ${table} where ${where ?? sql`true`} limit ${TOTAL_CAP + 1}) t)`,
    order: descending ? [desc(column), desc(id)] : [asc(column), asc(id)],
  };
}

/**
 * Runs the page statement with these fields (plus the capped count) and works out the total and the
 * next cursor. `cursorOf` gives the sort value and id of a fetched row.
 */
async function fetchPage<TRow extends Record<string, unknown>>(
  db: Queryable,
  table: PgTable,
  where: SQL | undefined,
  plan: PagePlan,
  fields: Record<string, unknown>,
  cursorOf: (row: TRow) => [unknown, unknown],
): Promise<{ rows: TRow[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
  const rows = (await db
    .select({ ...(fields as Record<string, SQL>), [TOTAL_FIELD]: plan.capped.mapWith(Number) })
    .from(table)
    .where(and(where, plan.keyset))
    .orderBy(...plan.order)
    .limit(plan.limit + 1)) as Record<string, unknown>[];
  let n: number;
  if (rows.length > 0) {
    n = rows[0]?.[TOTAL_FIELD] as number;
  } else if (plan.keyset === undefined) {
    // No row matches at all.
    n = 0;
  } else {
    const countRows = await db.execute<{ n: number }>(sql`select ${plan.capped} as n`);
    n = Number(countRows.rows[0]?.n ?? 0);
  }
  const page = rows.slice(0, plan.limit).map((r) => {
    const { [TOTAL_FIELD]: _total, ...row } = r;
    return row as TRow;
  });
  const last = page[page.length - 1];
  const nextCursor = rows.length > plan.limit && last ? encodeCursor(plan.sortKey, ...cursorOf(last)) : null;
  return { rows: page, total: Math.min(n, TOTAL_CAP), totalCapped: n > TOTAL_CAP, nextCursor };
}

/**
 * Keyset (cursor) pagination with a capped total: a page costs an index range scan plus a count that
 * stops at TOTAL_CAP + 1 rows, never a full count over a large table. Both travel in ONE statement
 * (the count as an uncorrelated scalar subquery, which PostgreSQL runs once), so a page is one round
 * trip and its rows and total come from the same snapshot. Only a cursor past the last row gives an
 * empty page without a total; then the count runs alone.
 */
export async function paginate<
  TTable extends PgTable,
  TExtra extends Record<string, SQL.Aliased | SQL> = Record<never, never>,
>(options: Options<TTable, TExtra>): Promise<Page<Item<TTable, TExtra>>> {
  const { db, table, where, id, extra } = options;
  const plan = planPage(options as unknown as Options<PgTable, never>);
  const columnKey = (c: Column) =>
    Object.entries(table).find(([, col]) => col === c)?.[0] ?? (c as { name: string }).name;
  const sortField = columnKey(plan.column);
  const idField = columnKey(id);
  const { rows, ...rest } = await fetchPage<Record<string, unknown>>(
    db,
    table,
    where,
    plan,
    { ...getTableColumns(table as PgTable), ...(extra ?? {}) },
    (row) => [row[sortField], row[idField]],
  );
  return { items: rows as Item<TTable, TExtra>[], ...rest };
}

/** Field names of the JSON page's helper columns; no presented field is called this. */
const JSON_FIELD = '__json';
const SORT_FIELD = '__sort';
const ID_FIELD = '__id';

/**
 * The same page as `paginate`, but each item is the row as JSON text that PostgreSQL builds from
 * `json` (see `db/json-row.ts`): for lists whose rows go straight to the client, it spares the row
 * mapping, presenting and serialising of every row in Node. Same keyset, count and cursor rules.
 */
export async function paginateJson<TTable extends PgTable>(
  options: Omit<Options<TTable, never>, 'extra'> & { json: SQL<string> },
): Promise<Page<string>> {
  const { db, table, where, id, json } = options;
  const plan = planPage(options as unknown as Options<PgTable, never>);
  const { rows, ...rest } = await fetchPage<{
    [JSON_FIELD]: string;
    [SORT_FIELD]: unknown;
    [ID_FIELD]: unknown;
  }>(
    db,
    table as PgTable,
    where,
    plan,
    { [JSON_FIELD]: json, [SORT_FIELD]: plan.column, [ID_FIELD]: id },
    (row) => [row[SORT_FIELD], row[ID_FIELD]],
  );
  return { items: rows.map((r) => r[JSON_FIELD]), ...rest };
}
