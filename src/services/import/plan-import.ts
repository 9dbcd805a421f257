import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { creditCodeProblem, customerNameKey, normaliseCreditCode } from '../../core/customers/index.ts';
import { headerKey, type Mapping, parseRow, type RecordEntity } from '../../core/import/index.ts';
import type { Queryable } from '../../db/client.ts';
import { customers, deals, pipelineStages, users } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, userScope } from '../../policies/scope.ts';
import { findDuplicates } from './find-import-duplicates.ts';
import { anyOf, chunked, type DuplicatePolicy, type PlannedRow, str } from './planned-row.ts';

export type { DuplicatePolicy, PlannedRow } from './planned-row.ts';

/** How often a long run reports its progress (the UI polls about once a second). */
export const PROGRESS_EVERY_MS = 250;

/** Owners by e-mail or name, among the users the actor may see (a rep: only themselves). */
async function resolveOwners(db: Queryable, actor: Actor, typed: string[]) {
  const lower = [...new Set(typed.map((t) => t.toLowerCase()))];
  const rows = await chunked(lower, (part) =>
    db
      .select({ id: users.id, unitId: users.unitId, email: users.email, name: users.name })
      .from(users)
      .where(
        and(
          userScope(actor),
          eq(users.active, true),
          or(anyOf(sql`lower(${users.email})`, part), anyOf(sql`lower(${users.name})`, part)),
        ),
      ),
  );
  const byKey = new Map<string, { id: string; unitId: string } | 'ambiguous'>();
  for (const u of rows) {
    byKey.set(u.email.toLowerCase(), { id: u.id, unitId: u.unitId });
    const k = u.name.toLowerCase();
    const prev = byKey.get(k);
    byKey.set(
      k,
      prev && prev !== 'ambiguous' && prev.id !== u.id ? 'ambiguous' : { id: u.id, unitId: u.unitId },
    );
  }
  return byKey;
}

/** Customers in the actor's scope, by credit code or name key (for contacts, deals, activities). */
async function resolveCustomers(db: Queryable, actor: Actor, typed: string[]) {
  const codes = typed.map(normaliseCreditCode).filter((c) => creditCodeProblem(c) === null);
  const keys = [...new Set(typed.map(customerNameKey))];
  const scope = ownedRecordScope(actor, customers);
  const lookup = (col: typeof customers.creditCode | typeof customers.nameKey) => (part: string[]) =>
    db
      .select({ id: customers.id, creditCode: customers.creditCode, nameKey: customers.nameKey })
      .from(customers)
      .where(and(scope, isNull(customers.mergedIntoId), anyOf(col, part)));
  const found = [
    ...(await chunked([...new Set(codes)], lookup(customers.creditCode))),
    ...(await chunked(keys, lookup(customers.nameKey))),
  ];
  const rows = [...new Map(found.map((r) => [r.id, r])).values()];
  const byCode = new Map(rows.filter((r) => r.creditCode).map((r) => [r.creditCode as string, r.id]));
  const byName = new Map<string, string | 'ambiguous'>();
  for (const r of rows) {
    const prev = byName.get(r.nameKey);
    byName.set(r.nameKey, prev && prev !== r.id ? 'ambiguous' : r.id);
  }
  return (t: string): string | 'ambiguous' | undefined =>
    byCode.get(normaliseCreditCode(t)) ?? byName.get(customerNameKey(t));
}

function ownerRef(
  p: PlannedRow,
  owners: Map<string, { id: string; unitId: string } | 'ambiguous'>,
  actor: Actor,
) {
  const typed = str(p.values.owner);
  if (typed === undefined) {
    p.refs.ownerId = actor.userId;
    p.refs.unitId = actor.unitId;
    return;
  }
  const o = owners.get(typed.toLowerCase());
  if (o === undefined) {
    p.errors.push({
      path: 'owner',
      message: `no active user "${typed}" in your scope (use their e-mail or name)`,
    });
  } else if (o === 'ambiguous') {
    p.errors.push({ path: 'owner', message: `several users are named "${typed}"; use the e-mail instead` });
  } else {
    p.refs.ownerId = o.id;
    p.refs.unitId = o.unitId;
  }
}

/**
 * The dry run: parses every row, resolves owners and references with one set-based query per 5,000
 * keys (never one query per row), and finds duplicates in the database and within the file, then
 * decides per row: insert, update, skip or error. Run again by the commit, so the commit never
 * trusts a stale dry run.
 */
export async function planImport({
  db,
  actor,
  entity,
  headers,
  mapping,
  rows,
  duplicatePolicy,
  onProgress,
}: {
  db: Queryable;
  actor: Actor;
  entity: RecordEntity;
  headers: string[];
  mapping: Mapping;
  rows: string[][];
  duplicatePolicy: DuplicatePolicy;
  onProgress?: (processed: number) => Promise<void>;
}): Promise<PlannedRow[]> {
  const plan: PlannedRow[] = new Array(rows.length);
  let reportedAt = performance.now();
  for (let i = 0; i < rows.length; i++) {
    const { row, values, errors } = parseRow(entity, headers, mapping, rows[i] as string[], i + 2);
    plan[i] = { row, values, errors, action: 'insert', refs: {} };
    // Progress a few times a second, not per so many rows: each report is a write of its own.
    if (onProgress && i % 1_000 === 999 && performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
      reportedAt = performance.now();
      await onProgress(Math.floor((i + 1) / 2));
    }
  }
  // The look-ups below take most of a large file's time: report each phase's end, so the bar moves
  // (parsing is the first half, the look-ups the second).
  const reached = async (fraction: number) => {
    if (onProgress && rows.length > 0) {
      await onProgress(Math.floor(rows.length * fraction));
    }
  };
  await reached(0.5);
  const typedOwners = [...new Set(plan.map((p) => str(p.values.owner)).filter((v): v is string => !!v))];
  const owners = typedOwners.length > 0 ? await resolveOwners(db, actor, typedOwners) : new Map();
  for (const p of plan) {
    ownerRef(p, owners, actor);
  }
  await reached(0.6);
  if (entity !== 'customers' && entity !== 'leads') {
    const typed = [...new Set(plan.map((p) => str(p.values.customer)).filter((v): v is string => !!v))];
    const find = typed.length > 0 ? await resolveCustomers(db, actor, typed) : () => undefined;
    for (const p of plan) {
      const t = str(p.values.customer);
      if (t === undefined) {
        continue;
      }
      const id = find(t);
      if (id === undefined) {
        p.errors.push({
          path: 'customer',
          message: `no customer "${t}" in your scope (name or credit code)`,
        });
      } else if (id === 'ambiguous') {
        p.errors.push({ path: 'customer', message: `several customers match "${t}"; use the credit code` });
      } else {
        p.refs.customerId = id;
      }
    }
  }
  if (entity === 'deals') {
    await resolveStages(db, actor, plan);
  }
  if (entity === 'activities') {
    await resolveDeals(db, actor, plan);
  }
  await reached(0.7);
  await findDuplicates(db, actor, entity, plan, duplicatePolicy);
  await reached(0.95);
  for (const p of plan) {
    if (p.errors.length > 0) {
      p.action = 'error';
    }
  }
  return plan;
}

async function resolveStages(db: Queryable, actor: Actor, plan: PlannedRow[]) {
  const stages = await db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, actor.orgId), eq(pipelineStages.active, true)))
    .orderBy(pipelineStages.position);
  const byKey = new Map<string, (typeof stages)[number]>();
  for (const s of stages) {
    for (const n of [s.key, s.nameZh, s.nameEn]) {
      byKey.set(headerKey(n), s);
    }
  }
  for (const p of plan) {
    const t = str(p.values.stage);
    const stage = t === undefined ? stages[0] : byKey.get(headerKey(t));
    if (stage === undefined) {
      p.errors.push({
        path: 'stage',
        message: t === undefined ? 'the org has no pipeline stages' : `no stage "${t}"`,
      });
    } else {
      p.refs.stageId = stage.id;
      // A deal's forecast category defaults to its stage's.
      p.refs.forecastCategory = stage.forecastCategory;
    }
  }
}

async function resolveDeals(db: Queryable, actor: Actor, plan: PlannedRow[]) {
  const typed = [...new Set(plan.map((p) => str(p.values.deal)).filter((v): v is string => !!v))];
  if (typed.length === 0) {
    return;
  }
  const rows = await chunked(typed, (part) =>
    db
      .select({ id: deals.id, name: deals.name, customerId: deals.customerId })
      .from(deals)
      .where(and(ownedRecordScope(actor, deals), anyOf(deals.name, part))),
  );
  for (const p of plan) {
    const t = str(p.values.deal);
    if (t === undefined) {
      continue;
    }
    const found = rows.filter(
      (d) => d.name === t && (!p.refs.customerId || d.customerId === p.refs.customerId),
    );
    if (found.length === 1) {
      p.refs.dealId = found[0]?.id as string;
      p.refs.customerId ??= found[0]?.customerId as string;
    } else {
      p.errors.push({
        path: 'deal',
        message:
          found.length === 0
            ? `no deal "${t}" in your scope`
            : `several deals are named "${t}"; add the customer column`,
      });
    }
  }
}
