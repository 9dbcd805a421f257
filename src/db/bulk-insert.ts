import { getTableColumns, getTableName, type SQL, sql, type Table } from 'drizzle-orm';
import { prepareValue } from 'pg/lib/utils.js';

/** A row keyed by column name (snake_case), as bulk loads build them. */
export type Row = Record<string, unknown>;

/**
 * One insert of `rows` (snake_case keys, the same keys in every row) plus the columns in `same`, whose
 * value every row shares: `insert … select … from unnest($1::uuid[], $2::text[], …)`, one array
 * parameter per varying column — one round trip per batch, and measured faster here than
 * jsonb_populate_recordset (3.6 s against 4.7 s for 100,000 customers) and than COPY FROM STDIN.
 * Each varying column travels as one array literal, made here by node-postgres's own serialiser
 * rather than when the query is sent (so a caller can build the next batch while one runs). unnest
 * cannot take an array of arrays, so an array-typed column travels as the literal of each value and
 * is cast back per row.
 */
export function bulkInsert(table: Table, rows: readonly Row[], same: Row = {}): SQL {
  const types = new Map(Object.values(getTableColumns(table)).map((c) => [c.name, c.getSQLType()]));
  const typeOf = (n: string) => {
    const type = types.get(n);
    if (type === undefined) {
      throw new Error(`bulkInsert: ${getTableName(table)} has no column ${n}`);
    }
    return type;
  };
  const varying = Object.keys(rows[0] as Row);
  const args = varying.map((n) => {
    const type = typeOf(n);
    const isArray = type.endsWith('[]');
    const values = rows.map((r) => (isArray ? prepareValue(r[n]) : r[n]));
    return sql`${prepareValue(values)}::${sql.raw(isArray ? 'text' : type)}[]`;
  });
  const constant = Object.keys(same);
  const cols = [...constant, ...varying].map((n) => sql.identifier(n));
  const select = [
    ...constant.map((n) => sql`${prepareValue(same[n])}::${sql.raw(typeOf(n))}`),
    ...varying.map((n) => {
      const type = typeOf(n);
      return type.endsWith('[]')
        ? sql`u.${sql.identifier(n)}::${sql.raw(type)}`
        : sql`u.${sql.identifier(n)}`;
    }),
  ];
  const as = sql.join(
    varying.map((n) => sql.identifier(n)),
    sql`, `,
  );
  return sql`insert into ${table} (${sql.join(cols, sql`, `)}) select ${sql.join(select, sql`, `)} from unnest(${sql.join(args, sql`, `)}) as u(${as})`;
}
