import { bigint, date, index, pgSchema, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * Derived data lives in its own schema: it is rebuilt from the raw tables (triggers keep it current,
 * `salesops rebuild-rollups` recounts it), so backups, which copy `public`, leave it out.
 */
export const rollupSchema = pgSchema('rollup');

/**
 * Open deals summed per stage, owner, owning unit and expected close month: what the pipeline board
 * shows per column, for every scope and filter it offers (a close-date range that cuts a month in
 * two adds that month's part from the deals, see services/deals/deal-board.ts). Kept current in the same transaction as
 * every deal write by the statement triggers of migration 0005 (sums of weighted amounts are per
 * deal, rounded half up, as core/pipeline/money.ts does); a stage's default probability change
 * recounts that stage.
 */
export const dealBoardRollup = rollupSchema.table(
  'deal_board',
  {
    orgId: uuid('org_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    /** First day of the expected close month (null: no close date). */
    closeMonth: date('close_month', { mode: 'string' }),
    dealCount: bigint('deal_count', { mode: 'number' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    weightedAmount: bigint('weighted_amount', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('deal_board_key').on(t.orgId, t.stageId, t.ownerId, t.unitId, t.closeMonth).nullsNotDistinct(),
    index('deal_board_owner_idx').on(t.orgId, t.ownerId),
  ],
);

/**
 * Open receivables summed per owning unit, owner and due date: what the aging report shows for the
 * whole org, a unit subtree or an owner, on any as-of date (the bucket is a function of the due
 * date). Counts installments with status 'open' of contracts in force (active, completed,
 * terminated), outstanding = amount − collected. Kept current in the same transaction as every
 * installment write and every contract state change by the triggers of its migration;
 * `salesops rebuild-rollups` recounts it.
 */
export const receivablesAgingRollup = rollupSchema.table(
  'receivables_aging',
  {
    orgId: uuid('org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** null: a conditional installment waiting for its delivery date (not due). */
    dueDate: date('due_date', { mode: 'string' }),
    installmentCount: bigint('installment_count', { mode: 'number' }).notNull(),
    outstanding: bigint('outstanding', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('receivables_aging_key').on(t.orgId, t.unitId, t.ownerId, t.dueDate).nullsNotDistinct(),
    index('receivables_aging_owner_idx').on(t.orgId, t.ownerId),
  ],
);
