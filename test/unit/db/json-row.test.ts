import { sql } from 'drizzle-orm';
import { integer, numeric, PgDialect, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { jsonRow } from '../../../src/db/json-row.ts';

const t = pgTable('t', {
  id: uuid('id').notNull(),
  label: text('label'),
  at: timestamp('at', { withTimezone: true, mode: 'date' }),
  local: timestamp('local', { mode: 'date' }),
  price: numeric('price'),
  counts: integer('counts').array(),
  stamps: timestamp('stamps', { withTimezone: true }).array(),
});

describe('jsonRow', () => {
  it('builds one row_to_json subselect, the columns rendered once and the request part per call', () => {
    const row = jsonRow<number>({ id: t.id, at: t.at, flag: (n) => sql`${n} > 1`, label: t.label });
    const q = new PgDialect().sqlToQuery(row(5));
    expect(q.sql).toBe(
      `(select row_to_json(j)::text from (select "t"."id" as "id", to_char("t"."at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "at", $1 > 1 as "flag", "t"."label" as "label") j)`,
    );
    expect(q.params).toEqual([5]);
    expect(new PgDialect().sqlToQuery(row(7)).params).toEqual([7]);
  });

  it('refuses, when declared, what it cannot write as the API does', () => {
    expect(() => jsonRow({ counts: t.counts })).not.toThrow();
    expect(() => jsonRow({ price: t.price })).toThrow(/no JSON form for PgNumeric/);
    expect(() => jsonRow({ local: t.local })).toThrow(/without time zone/);
    expect(() => jsonRow({ stamps: t.stamps })).toThrow(/arrays of PgTimestamp/);
    expect(() => jsonRow({ 'bad name': t.id })).toThrow(/plain identifier/);
    expect(() => jsonRow({ x: sql`1` as never })).toThrow(/column or a function/);
  });
});
