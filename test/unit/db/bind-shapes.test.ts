import { fillPlaceholders, is, Placeholder } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/core/auth/roles.ts';
import { Binding, inline } from '../../../src/db/bind.ts';
import { jsonPageStatement, type PageRequest } from '../../../src/db/paginate.ts';
import * as schema from '../../../src/db/schema/index.ts';
import type { Actor } from '../../../src/policies/scope.ts';
import { type DealFilters, dealPageOptions } from '../../../src/services/deals/list-deals.ts';

interface Request {
  actor: Actor;
  query: DealFilters & PageRequest;
}

const db = drizzle.mock({ schema });
const NOW = new Date('2026-11-22T08:30:00.000Z');
const SORTS = [
  'createdAt',
  '-createdAt',
  'amount',
  '-amount',
  'name',
  '-name',
  'expectedCloseDate',
  '-expectedCloseDate',
] as const;

const cursorFor = (sort: string, value: unknown, id: string) =>
  Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');

/** A value of the sort's field as a cursor carries it (null only where the column may be null). */
function cursorValue(sort: string, u: number): unknown {
  const field = sort.replace(/^-/, '');
  if (field === 'amount') {
    return Math.round(u * 1e9);
  }
  if (field === 'name') {
    return `deal ${u}`;
  }
  if (field === 'createdAt') {
    return { d: new Date(1.7e12 + u * 1e11).toISOString() };
  }
  return u < 0.3 ? null : '2027-01-15';
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const request = fc
  .record({
    role: fc.constantFrom(...ROLES),
    ids: fc.array(fc.uuid(), { minLength: 4, maxLength: 4 }),
    q: maybe(fc.constantFrom('', '   ', 'ERP', ' 年度 ', '100%_\\')),
    status: maybe(fc.constantFrom('open', 'won', 'lost')),
    stageId: maybe(fc.uuid()),
    ownerId: maybe(fc.uuid()),
    unitId: maybe(fc.uuid()),
    customerId: maybe(fc.uuid()),
    forecastCategory: maybe(fc.constantFrom('pipeline', 'commit')),
    closeFrom: maybe(fc.constantFrom('2026-01-01', '2026-07-01')),
    closeTo: maybe(fc.constantFrom('2026-12-31', '2027-03-31')),
    minAmount: maybe(fc.integer({ min: 0, max: 1e9 })),
    maxAmount: maybe(fc.integer({ min: 0, max: 1e9 })),
    stale: maybe(fc.boolean()),
    sort: maybe(fc.constantFrom(...SORTS)),
    limit: maybe(fc.integer({ min: 1, max: 200 })),
    cursor: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map(({ role, ids, cursor, ...filters }): Request => {
    const [orgId = '', userId = '', unitId = '', cursorId = ''] = ids;
    const sort = filters.sort ?? '-createdAt';
    const query: DealFilters & PageRequest = {
      ...filters,
      ...(cursor !== undefined ? { cursor: cursorFor(sort, cursorValue(sort, cursor), cursorId) } : {}),
    };
    return { actor: { orgId, userId, unitId, role, name: 'x' }, query };
  });

function statementOf(r: Request) {
  const ctx = { db, actor: r.actor, now: () => NOW, meta: {} };
  return jsonPageStatement(dealPageOptions(ctx, r.query));
}

describe('prepared page statements of the deals list', () => {
  it('the same shape always writes the same statement, and every placeholder it holds gets a value', () => {
    const textOf = new Map<string, string>();
    fc.assert(
      fc.property(request, (r) => {
        const s = statementOf(r);
        const { sql: text, params } = s.query().toSQL();
        const seen = textOf.get(s.shape);
        if (seen === undefined) {
          textOf.set(s.shape, text);
        } else {
          expect(text).toBe(seen);
        }
        // Throws when a placeholder has no value.
        expect(fillPlaceholders(params, s.values)).toHaveLength(params.length);
      }),
      { numRuns: 3000 },
    );
    // The requests above cover many shapes, not a handful.
    expect(textOf.size).toBeGreaterThan(500);
    // 3,000 generated requests: ~2 s on a quiet machine, more on a shared one.
  }, 30_000);

  it('runs the values of the request, not those of the request that prepared the shape', () => {
    const actor: Actor = { orgId: 'o1', userId: 'u1', unitId: 'n1', role: 'rep', name: 'x' };
    const a = statementOf({ actor, query: { status: 'open', sort: '-amount' } });
    const b = statementOf({ actor, query: { status: 'won', sort: '-amount' } });
    expect(b.shape).toBe(a.shape);
    const { params } = a.query().toSQL();
    expect(fillPlaceholders(params, b.values)).toContain('won');
    expect(fillPlaceholders(params, b.values)).not.toContain('open');
  });

  it('a binding refuses one name for two values, so two branches cannot share a name by mistake', () => {
    const binding = new Binding();
    binding.bind('orgId', 'o1');
    expect(() => binding.bind('orgId', 'o1')).not.toThrow();
    expect(() => binding.bind('orgId', 'o2')).toThrow(/orgId is bound to two different values/);
    expect(binding.shape()).toBe('orgId');
    expect(inline('x', 5)).toBe(5);
    // A placeholder goes into the statement; the value stays with the binding.
    expect(is(binding.bind('limit', 3), Placeholder)).toBe(true);
    expect(binding.values).toEqual({ orgId: 'o1', limit: 3 });
  });
});
