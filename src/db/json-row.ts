import { type Column, is, SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * Column types whose value PostgreSQL writes into JSON exactly as the API's presenters and
 * `JSON.stringify` do: numbers, strings, arrays, booleans, null, and dates as `YYYY-MM-DD` (JSON output
 * ignores the DateStyle). Timestamps get their own format below; other types (json/jsonb too: jsonb
 * reorders keys) are refused when a projection is declared, not when a request runs.
 */
const SAME_AS_JSON = new Set([
  'PgUUID',
  'PgText',
  'PgVarchar',
  'PgInteger',
  'PgSmallInt',
  'PgBigInt53',
  'PgBoolean',
  'PgDateString',
]);

function jsonValue(column: Column): SQL {
  if (column.columnType === 'PgTimestamp') {
    if (!(column as unknown as { withTimezone: boolean }).withTimezone) {
      throw new Error(`jsonRow: ${column.name} is a timestamp without time zone`);
    }
    // As Date.prototype.toISOString: UTC whatever the session's TimeZone, milliseconds, `Z`. MS cuts
    // the microseconds off as a JavaScript Date does when it reads them.
    return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }
  if (column.columnType === 'PgArray') {
    const base = (column as unknown as { baseColumn: Column }).baseColumn;
    if (!SAME_AS_JSON.has(base.columnType)) {
      throw new Error(`jsonRow: arrays of ${base.columnType} are not supported (${column.name})`);
    }
    return sql`${column}`;
  }
  if (SAME_AS_JSON.has(column.columnType)) {
    return sql`${column}`;
  }
  throw new Error(`jsonRow: no JSON form for ${column.columnType} (${column.name})`);
}

const dialect = new PgDialect();

/**
 * Declares a record's JSON as PostgreSQL should build it for each row of a list: field name → column
 * (written as above) or a function of the request giving an SQL expression (already JSON-typed:
 * boolean, number, text or null). Returns the expression for a request: the row as JSON text, fields
 * in the declared order, compact like `JSON.stringify`.
 *
 * `row_to_json` over a one-row subselect is the cheapest of PostgreSQL's ways measured (beside
 * `json_build_object` and text concatenation); the columns' part of the statement is rendered ONCE
 * here, so a request builds only its own expressions.
 */
export function jsonRow<P>(
  fields: Record<string, Column | ((params: P) => SQL)>,
): (params: P) => SQL<string> {
  // Consecutive columns become one raw piece of text; each request-dependent field stays a function.
  const pieces: (SQL | ((params: P) => SQL))[] = [];
  let run: SQL[] = [];
  const flush = () => {
    if (run.length > 0) {
      const query = dialect.sqlToQuery(sql.join(run, sql`, `));
      if (query.params.length > 0) {
        throw new Error('jsonRow: columns must not carry parameters');
      }
      pieces.push(sql.raw(query.sql));
      run = [];
    }
  };
  for (const [name, value] of Object.entries(fields)) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
      throw new Error(`jsonRow: field name ${name} is not a plain identifier`);
    }
    const alias = sql.raw(`"${name}"`);
    if (typeof value === 'function') {
      flush();
      pieces.push((params: P) => sql`${value(params)} as ${alias}`);
    } else if (is(value, SQL)) {
      throw new Error(`jsonRow: ${name} must be a column or a function of the request`);
    } else {
      run.push(sql`${jsonValue(value)} as ${alias}`);
    }
  }
  flush();
  return (params: P) => {
    const select = sql.join(
      pieces.map((p) => (typeof p === 'function' ? p(params) : p)),
      sql`, `,
    );
    return sql<string>`(select row_to_json(j)::text from (select ${select}) j)`;
  };
}
