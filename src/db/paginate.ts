import crypto from 'node:crypto';
import { and, asc, type Column, desc, getTableColumns, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { Invalid } from '../core/errors.ts';
import { type Bind, Binding, inline } from './bind.ts';
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

const badCursor = () =>
  new Invalid('The cursor is not valid for this list and sort.', [
    { path: 'cursor', message: 'not a cursor returned by this list with the same sort' },
  ]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value read from a cursor can be compared with the column: a cursor is the client's text,
 * so a forged one must get a 400 at `cursor`, not reach the database as a wrong type.
 */
function fitsColumn(column: Column, value: unknown): boolean {
  switch (column.columnType) {
    case 'PgUUID':
      return typeof value === 'string' && UUID.test(value);
    case 'PgTimestamp':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'PgBigInt53':
    case 'PgInteger':
    case 'PgSmallInt':
      return Number.isSafeInteger(value);
    case 'PgDateString':
      return (
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
      );
    case 'PgText':
    case 'PgVarchar':
      return typeof value === 'string' && !value.includes('\u0000');
    default:
      // A sortable column of another type must be added above: until then its cursors answer 400.
      return false;
  }
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
  throw badCursor();
}

type Item<TTable extends PgTable, TExtra> = TTable['$inferSelect'] & {
  [K in keyof TExtra]: TExtra[K] extends SQL<infer T> ? T : unknown;
};

/** What a page statement needs besides its fields: keyset, order, capped count, sort key. */
interface PagePlan {
  sortKey: string;
  column: PgColumn;
  /** Rows on a page. */
  limit: number;
  /** Rows to fetch: one more than the page, to know whether another page follows. */
  fetch: number | Placeholder;
  keyset: SQL | undefined;
  capped: SQL;
  order: SQL[];
}

function planPage(
  {
    table,
    where,
    sortable,
    defaultSort,
    id,
    request,
  }: Pick<Options<PgTable, never>, 'table' | 'where' | 'sortable' | 'defaultSort' | 'id' | 'request'>,
  bind: Bind = inline,
): PagePlan {
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
    if (!fitsColumn(id, c.id) || (c.value !== null && !fitsColumn(column, c.value))) {
      throw badCursor();
    }
    const cursorId = bind('cursorId', c.id);
    if (c.value === null) {
      // The cursor sits among the NULLs: last when ascending, first when descending.
      keyset = descending
        ? sql`((${column} is null and ${id} < ${cursorId}) or ${column} is not null)`
        : sql`(${column} is null and ${id} > ${cursorId})`;
    } else {
      const v = bind('cursorValue', column.mapToDriverValue(c.value as never));
      keyset = descending
        ? sql`(${column}, ${id}) < (${v}, ${cursorId})`
        : column.notNull
          ? sql`(${column}, ${id}) > (${v}, ${cursorId})`
          : sql`((${column}, ${id}) > (${v}, ${cursorId}) or ${column} is null)`;
    }
  }
  const limit = request.limit ?? 50;
  return {
    sortKey,
    column,
    limit,
    fetch: bind('fetch', limit + 1),
    keyset,
    capped: sql`(select count(*)::int from (select 1 from ${table} where ${where ?? sql`true`} limit ${TOTAL_CAP + 1}) t)`,
    order: descending ? [desc(column), desc(id)] : [asc(column), asc(id)],
  };
}

/** The page statement: these fields and the capped count, for the plan's keyset, order and limit. */
function pageQuery(
  db: Queryable,
  table: PgTable,
  where: SQL | undefined,
  plan: PagePlan,
  fields: Record<string, unknown>,
) {
  return db
    .select({ ...(fields as Record<string, SQL>), [TOTAL_FIELD]: plan.capped.mapWith(Number) })
    .from(table)
    .where(and(where, plan.keyset))
    .orderBy(...plan.order)
    .limit(plan.fetch);
}

/**
 * Works out the page from the fetched rows: its total (counted alone by `countAlone` only when a cursor
 * lies past the last row), and the next cursor. `cursorOf` gives the sort value and id of a row.
 */
async function finishPage<TRow extends Record<string, unknown>>(
  rows: Record<string, unknown>[],
  plan: PagePlan,
  countAlone: () => Promise<number>,
  cursorOf: (row: TRow) => [unknown, unknown],
): Promise<{ rows: TRow[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
  let n: number;
  if (rows.length > 0) {
    n = rows[0]?.[TOTAL_FIELD] as number;
  } else if (plan.keyset === undefined) {
    // No row matches at all.
    n = 0;
  } else {
    n = await countAlone();
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
  const fetched = (await pageQuery(db, table, where, plan, {
    ...getTableColumns(table as PgTable),
    ...(extra ?? {}),
  })) as Record<string, unknown>[];
  const { rows, ...rest } = await finishPage<Record<string, unknown>>(
    fetched,
    plan,
    async () => {
      const counted = await db.execute<{ n: number }>(sql`select ${plan.capped} as n`);
      return Number(counted.rows[0]?.n ?? 0);
    },
    (row) => [row[sortField], row[idField]],
  );
  return { items: rows as Item<TTable, TExtra>[], ...rest };
}

/** Field names of the JSON page's helper columns; no presented field is called this. */
const JSON_FIELD = '__json';
const SORT_FIELD = '__sort';
const ID_FIELD = '__id';

/** A prepared page statement: runs with the values of the placeholders its shape binds. */
interface PreparedPage {
  execute(values: Record<string, unknown>): Promise<unknown>;
}

/**
 * Shapes prepared per database handle, at most MAX_PREPARED_SHAPES each: PostgreSQL keeps every
 * prepared statement on each connection that ran it for the connection's life, so the number of
 * names ever used is capped; a shape beyond the cap runs as a one-off statement.
 */
export const MAX_PREPARED_SHAPES = 100;
const preparedPages = new WeakMap<Queryable, Map<string, PreparedPage>>();

type JsonPageOptions<TTable extends PgTable> = Omit<Options<TTable, never>, 'extra' | 'where'> & {
  /** Names the list's prepared statements. */
  name: string;
  build: (bind: Bind) => { where: SQL | undefined; json: SQL<string> };
};

/**
 * A request's page statement for `paginateJson`: its shape (the sort and the names bound), the values
 * of its placeholders, and the statement itself, built only when `query` is called.
 */
export function jsonPageStatement<TTable extends PgTable>(options: JsonPageOptions<TTable>) {
  const { db, table, id } = options;
  const binding = new Binding();
  const { where, json } = options.build(binding.bind);
  const plan = planPage({ ...options, table, where }, binding.bind);
  return {
    shape: `${plan.sortKey}|${binding.shape()}`,
    values: binding.values,
    plan,
    query: () =>
      pageQuery(db, table, where, plan, { [JSON_FIELD]: json, [SORT_FIELD]: plan.column, [ID_FIELD]: id }),
  };
}

/**
 * The same page as `paginate`, but each item is the row as JSON text that PostgreSQL builds from
 * `json` (see `db/json-row.ts`): for lists whose rows go straight to the client, it spares the row
 * mapping, presenting and serialising of every row in Node. Same keyset, count and cursor rules.
 *
 * `build` writes the WHERE and the JSON with every value of the request through `bind` (see
 * db/bind.ts). The statement is prepared once per shape — the names bound and the sort — as a named
 * statement `<name>_<hash of the shape>`, and each request runs it with its own values: no statement
 * is built in Node, nor parsed by PostgreSQL, per request.
 */
export async function paginateJson<TTable extends PgTable>(
  options: JsonPageOptions<TTable>,
): Promise<Page<string>> {
  const { db, name } = options;
  const { shape, values, plan, query } = jsonPageStatement(options);
  let shapes = preparedPages.get(db);
  if (!shapes) {
    shapes = new Map();
    preparedPages.set(db, shapes);
  }
  let statement = shapes.get(shape);
  if (!statement) {
    if (shapes.size < MAX_PREPARED_SHAPES) {
      const hash = crypto.createHash('sha256').update(shape).digest('hex').slice(0, 16);
      statement = query().prepare(`${name}_${hash}`);
      shapes.set(shape, statement);
    } else {
      statement = query();
    }
  }
  const fetched = (await statement.execute(values)) as Record<string, unknown>[];
  const { rows, ...rest } = await finishPage<{
    [JSON_FIELD]: string;
    [SORT_FIELD]: unknown;
    [ID_FIELD]: unknown;
  }>(
    fetched,
    plan,
    async () => {
      const [counted] = await db
        .select({ n: plan.capped.mapWith(Number) })
        .from(sql`(select 1) as one`)
        .execute(values);
      return counted?.n ?? 0;
    },
    (row) => [row[SORT_FIELD], row[ID_FIELD]],
  );
  return { items: rows.map((r) => r[JSON_FIELD]), ...rest };
}
