import { and, eq, isNull, sql, type Table } from 'drizzle-orm';
import { seededUuidV7 } from '../../core/demo/ids.ts';
import {
  DEMO_PASSWORD,
  type DemoBatch,
  type DemoCounts,
  type DemoStage,
  type DemoTable,
  generateDemoData,
} from '../../core/demo/index.ts';
import { DEFAULT_STAGES } from '../../core/pipeline/default-stages.ts';
import { createRng } from '../../core/random.ts';
import { bulkInsert } from '../../db/bulk-insert.ts';
import type { Db, Queryable } from '../../db/client.ts';
import {
  activities,
  collectionEvents,
  contacts,
  contractEvents,
  contractLines,
  contracts,
  customerCredit,
  customers,
  dealContacts,
  dealLineItems,
  dealStageHistory,
  deals,
  documentSequences,
  installments,
  leads,
  orderEvents,
  orderLines,
  orders,
  orgUnits,
  pipelineStages,
  productLines,
  products,
  receiptAllocations,
  receipts,
  tasks,
  users,
} from '../../db/schema/index.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ensureDefaultPipeline, listStages } from '../deals/ensure-default-pipeline.ts';

export interface SeedDemoDataInput {
  db: Db | Queryable;
  orgId: string;
  /** Multiplies record counts: 1 → 5k customers, 20k leads, 8k deals, ~40k activities. */
  scale?: number;
  seed?: number;
  /** The data covers the 3 years up to this instant; open deals and tasks lie around it. */
  today: Date;
  /** Domain of the generated users' e-mails (unique across the database). */
  emailDomain?: string;
  /** Rows per multi-row insert (default 2,000). */
  batchSize?: number;
}

export interface SeedDemoDataResult {
  counts: DemoCounts;
  ms: number;
}

/**
 * Fills an org (its top unit and admin exist) with the realistic demo: regions, teams and ~60 users,
 * the product catalogue, customers with contacts, leads, deals over 3 years with stage history,
 * line items, activities and tasks (core/demo/generate.ts), and for the won deals contracts, payment
 * plans, receipts with their allocations, orders, renewal deals and credit terms (core/demo/money.ts). Deterministic: same seed and `today`
 * → the same rows and ids. Rows go in as batches (`insert … select from unnest(…)`), two in flight
 * while the next is generated; everything runs in one transaction.
 */
export async function seedDemoData(input: SeedDemoDataInput): Promise<SeedDemoDataResult> {
  const started = performance.now();
  const { orgId, today } = input;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counts = await input.db.transaction(async (tx) => {
    const [root] = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.orgId, orgId), isNull(orgUnits.parentId)));
    if (!root) {
      throw new Error(`org ${orgId} has no top unit`);
    }
    const unitRows = await tx
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(eq(orgUnits.orgId, orgId));
    const userRows = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.orgId, orgId));
    const stages = await ensureStages(tx, orgId, today, input.seed ?? 42);
    const generator = generateDemoData({
      orgId,
      rootUnitId: root.id,
      existingUnits: new Map(unitRows.filter((u) => u.id !== root.id).map((u) => [u.name, u.id])),
      existingUsers: new Map(userRows.map((u) => [u.email.toLowerCase(), u.id])),
      stages,
      passwordHash,
      today,
      scale: input.scale ?? 1,
      seed: input.seed ?? 42,
      emailDomain: input.emailDomain,
      batchSize: input.batchSize,
    });
    const pending: Promise<unknown>[] = [];
    let step = generator.next();
    while (!step.done) {
      const p = insertBatch(tx, step.value);
      p.catch(() => {});
      pending.push(p);
      if (pending.length >= 2) {
        await pending.shift();
      }
      step = generator.next();
    }
    await Promise.all(pending);
    // A customer who has bought is no longer a prospect: the lifecycle follows the won deals (the
    // generator draws it before the deals exist). Later stages drawn for others stay as drawn.
    await tx.execute(sql`
      update customers c
         set lifecycle = case when w.n >= 2 then 'repeat' else 'first_purchase' end
        from (select customer_id, count(*)::int as n from deals
               where org_id = ${orgId} and status = 'won' group by customer_id) w
       where c.org_id = ${orgId} and c.id = w.customer_id and c.lifecycle = 'prospect'`);
    return step.value;
  });
  return { counts, ms: Math.round(performance.now() - started) };
}

/** The default 7 stages with ids derived from the seed (so deals' stage ids are reproducible). */
async function ensureStages(tx: Queryable, orgId: string, now: Date, seed: number): Promise<DemoStage[]> {
  if ((await listStages(tx, orgId)).length === 0) {
    const rng = createRng(seed ^ 0x5eed);
    await tx
      .insert(pipelineStages)
      .values(
        DEFAULT_STAGES.map((s, i) => ({
          orgId,
          id: seededUuidV7(rng, now.getTime()),
          key: s.key,
          nameZh: s.nameZh,
          nameEn: s.nameEn,
          position: i + 1,
          probabilityBp: s.probabilityBp,
          forecastCategory: s.forecastCategory,
          slaDays: s.slaDays,
          exitCriteria: [...s.exitCriteria],
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
  }
  const stages = await ensureDefaultPipeline(tx, orgId, now);
  return stages.map((s) => ({
    id: s.id,
    key: s.key,
    probabilityBp: s.probabilityBp,
    forecastCategory: s.forecastCategory,
    slaDays: s.slaDays,
  }));
}

/** The drizzle table of each table the demo writes. */
const DEMO_TABLE: Record<DemoTable, Table> = {
  org_units: orgUnits,
  users,
  product_lines: productLines,
  products,
  customers,
  contacts,
  leads,
  deals,
  deal_stage_history: dealStageHistory,
  deal_line_items: dealLineItems,
  deal_contacts: dealContacts,
  activities,
  tasks,
  customer_credit: customerCredit,
  contracts,
  contract_lines: contractLines,
  contract_events: contractEvents,
  orders,
  order_lines: orderLines,
  order_events: orderEvents,
  installments,
  receipts,
  receipt_allocations: receiptAllocations,
  collection_events: collectionEvents,
  document_sequences: documentSequences,
};

/** One multi-row insert of a batch (db/bulk-insert.ts). */
async function insertBatch(tx: Queryable, batch: DemoBatch): Promise<void> {
  if (batch.rows.length === 0) {
    return;
  }
  // Awaited here: drizzle's query is a lazy thenable that would run again on every `then`.
  await tx.execute(bulkInsert(DEMO_TABLE[batch.table], batch.rows));
}
