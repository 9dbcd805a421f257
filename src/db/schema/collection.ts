import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { recordColumns, tstz } from './columns.ts';
import { orgs, orgUnits, users } from './org.ts';
import { customers, deals, importJobs, products } from './sales.ts';

/*
 * The money half of the sales cycle (DESIGN.md §2 row 5, issue 12): contracts (合同) with their lines,
 * revisions, approval trail and attachments; payment plans (回款计划) as installments; receipts (回款) and
 * their allocations to installments; orders (订单) through the supply-chain states; the reminder and
 * overdue-ladder trail; bank-statement lines being matched. Amounts are bigint minor units (分) of the
 * record's `currency` (the org's currency unless stated).
 */

const money = (name: string) => bigint(name, { mode: 'number' });
const orgRef = () =>
  uuid('org_id')
    .notNull()
    .references(() => orgs.id);
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Per-org settings of collection (one row per org; the defaults below apply when absent). */
export const collectionSettings = pgTable('collection_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** Contract numbers are prefix + year + '-' + 4-digit sequence per year, e.g. HT2026-0001. */
  contractNumberPrefix: text('contract_number_prefix').notNull().default('HT'),
  /** Order numbers likewise, e.g. DD2026-0001. */
  orderNumberPrefix: text('order_number_prefix').notNull().default('DD'),
  /** Days before a due date on which the owner is reminded. */
  reminderDaysBefore: integer('reminder_days_before').array().notNull().default(sql`'{7,1}'::integer[]`),
  /**
   * The overdue ladder: days overdue → who is told. [{ day: 1, step: 'owner' }, { day: 15, step:
   * 'manager' }, { day: 30, step: 'finance' }, { day: 60, step: 'bad_debt' }] by default; 'bad_debt'
   * marks the installment as bad-debt risk (and tells finance and the manager).
   */
  overdueLadder: jsonb('overdue_ladder')
    .$type<{ day: number; step: 'owner' | 'manager' | 'finance' | 'bad_debt' }[]>()
    .notNull()
    .default(
      sql`'[{"day":1,"step":"owner"},{"day":15,"step":"manager"},{"day":30,"step":"finance"},{"day":60,"step":"bad_debt"}]'::jsonb`,
    ),
  /** A renewal deal is opened this many days before a contract's end date (30…180). */
  renewalLeadDays: integer('renewal_lead_days').notNull().default(90),
  /** Credit days a contract gets when its customer has none set. */
  defaultCreditDays: integer('default_credit_days').notNull().default(30),
  ...recordColumns(),
});

/** Last number handed out per org, kind (contract | order) and year; numbers are never reused. */
export const documentSequences = pgTable(
  'document_sequences',
  {
    orgId: orgRef(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.year] })],
);

/** Credit terms of a customer (absent = no limit, the org's default credit days). */
export const customerCredit = pgTable(
  'customer_credit',
  {
    orgId: orgRef(),
    customerId: uuid('customer_id').notNull(),
    /** Open receivables (outstanding installments of active contracts) may not exceed this without approval. */
    creditLimit: money('credit_limit'),
    creditDays: integer('credit_days'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.customerId] }),
    foreignKey({
      columns: [t.orgId, t.customerId],
      foreignColumns: [customers.orgId, customers.id],
      name: 'customer_credit_customer_fk',
    }),
  ],
);

/**
 * A contract (合同). Status: draft → submitted → approved | rejected (→ draft again) → active →
 * completed | terminated. Owner and unit come from the deal (or are chosen) and govern the data scope
 * of the contract and everything under it (plan, receipts allocated to it, orders).
 */
export const contracts = pgTable(
  'contracts',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    /** Prefix + year + sequence, unique per org. */
    number: text('number').notNull(),
    title: text('title').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** The won deal it came from (null when created directly for a customer). */
    dealId: uuid('deal_id'),
    signDate: date('sign_date', { mode: 'string' }),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    paymentTerms: text('payment_terms'),
    /** Days after delivery/acceptance an 'on delivery'/'on acceptance' installment falls due. */
    creditDays: integer('credit_days'),
    /** draft | submitted | approved | rejected | active | completed | terminated */
    status: text('status').notNull().default('draft'),
    /** Bumped by every change after approval; contract_revisions keeps each one. */
    revision: integer('revision').notNull().default(1),
    submittedAt: tstz('submitted_at'),
    decidedAt: tstz('decided_at'),
    decidedBy: uuid('decided_by'),
    decisionComment: text('decision_comment'),
    activatedAt: tstz('activated_at'),
    completedAt: tstz('completed_at'),
    terminatedAt: tstz('terminated_at'),
    terminationReason: text('termination_reason'),
    /** Set when a manager/finance approved taking the customer above its credit limit. */
    creditApprovedAt: tstz('credit_approved_at'),
    creditApprovedBy: uuid('credit_approved_by'),
    /** The renewal deal opened for this contract (once). */
    renewalDealId: uuid('renewal_deal_id'),
    /** The contract this one renews, when it came from a renewal deal. */
    renewsContractId: uuid('renews_contract_id'),
    ownerId: uuid('owner_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.ownerId],
      foreignColumns: [users.orgId, users.id],
      name: 'contracts_owner_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.unitId],
      foreignColumns: [orgUnits.orgId, orgUnits.id],
      name: 'contracts_unit_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.customerId],
      foreignColumns: [customers.orgId, customers.id],
      name: 'contracts_customer_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.dealId],
      foreignColumns: [deals.orgId, deals.id],
      name: 'contracts_deal_fk',
    }),
    uniqueIndex('contracts_number_idx').on(t.orgId, t.number),
    uniqueIndex('contracts_renewal_deal_idx')
      .on(t.orgId, t.renewalDealId)
      .where(sql`${t.renewalDealId} is not null`),
    index('contracts_customer_idx').on(t.orgId, t.customerId),
    index('contracts_deal_idx').on(t.orgId, t.dealId),
    index('contracts_owner_idx').on(t.orgId, t.ownerId),
    index('contracts_unit_idx').on(t.orgId, t.unitId),
    index('contracts_status_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('contracts_end_idx').on(t.orgId, t.endDate).where(sql`${t.status} = 'active'`),
    index('contracts_created_idx').on(t.orgId, t.createdAt, t.id),
  ],
);

/** What a contract sells (carried over from the deal's line items, or entered). */
export const contractLines = pgTable(
  'contract_lines',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    contractId: uuid('contract_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id'),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    discountBp: integer('discount_bp').notNull().default(0),
    amount: money('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.contractId],
      foreignColumns: [contracts.orgId, contracts.id],
      name: 'contract_lines_contract_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.productId],
      foreignColumns: [products.orgId, products.id],
      name: 'contract_lines_product_fk',
    }),
    index('contract_lines_contract_idx').on(t.orgId, t.contractId, t.position),
    index('contract_lines_product_idx').on(t.orgId, t.productId),
  ],
);

/**
 * One row per revision of a contract after approval: who, when, why, the changed fields ({ field: {
 * from, to } }, lines and plan included) and the full contract as it was before the change.
 */
export const contractRevisions = pgTable(
  'contract_revisions',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    contractId: uuid('contract_id').notNull(),
    revision: integer('revision').notNull(),
    reason: text('reason'),
    changes: jsonb('changes').notNull(),
    previous: jsonb('previous').notNull(),
    changedAt: tstz('changed_at').notNull().defaultNow(),
    changedBy: uuid('changed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.contractId],
      foreignColumns: [contracts.orgId, contracts.id],
      name: 'contract_revisions_contract_fk',
    }),
    uniqueIndex('contract_revisions_rev_idx').on(t.orgId, t.contractId, t.revision),
  ],
);

/** The approval trail: every status change of a contract, with who, when and the comment or reason. */
export const contractEvents = pgTable(
  'contract_events',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    contractId: uuid('contract_id').notNull(),
    /** create | submit | approve | reject | reopen | activate | complete | terminate | revise | credit_approve */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    comment: text('comment'),
    at: tstz('at').notNull().defaultNow(),
    by: uuid('by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.contractId],
      foreignColumns: [contracts.orgId, contracts.id],
      name: 'contract_events_contract_fk',
    }),
    index('contract_events_contract_idx').on(t.orgId, t.contractId, t.at),
  ],
);

/**
 * Files attached to a contract (PDF, images, Office files; ≤ 20 MB; the type is detected from the
 * content, not the name). The bytes live in attachment_contents so listings never read them; both
 * tables are in `public`, so backup and restore carry them.
 */
export const attachments = pgTable(
  'attachments',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    /** contract (orders later) */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    fileName: text('file_name').notNull(),
    /** Detected from the content: application/pdf, image/png, image/jpeg, …/vnd.openxmlformats…, … */
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedAt: tstz('uploaded_at').notNull().defaultNow(),
    uploadedBy: uuid('uploaded_by'),
    /** Removed from the list (the content is kept for the audit trail until the contract goes). */
    removedAt: tstz('removed_at'),
    removedBy: uuid('removed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('attachments_entity_idx').on(t.orgId, t.entityType, t.entityId),
  ],
);

export const attachmentContents = pgTable(
  'attachment_contents',
  {
    orgId: orgRef(),
    attachmentId: uuid('attachment_id').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.attachmentId] }),
    foreignKey({
      columns: [t.orgId, t.attachmentId],
      foreignColumns: [attachments.orgId, attachments.id],
      name: 'attachment_contents_attachment_fk',
    }),
  ],
);

/**
 * A payment-plan installment (回款计划的一期). `collected` is the sum of its live allocations (kept in the
 * same transaction as every allocation and reversal); outstanding = amount − collected. Customer,
 * owner and unit are copied from the contract so aging and "my collections" read one table.
 * `dueDate` is null while a conditional installment (on delivery / on acceptance) waits for its order.
 */
export const installments = pgTable(
  'installments',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    contractId: uuid('contract_id').notNull(),
    /** 1, 2, 3 … within the contract's plan. */
    seq: integer('seq').notNull(),
    /** on_signing | on_date | on_delivery | on_acceptance | retention | milestone */
    condition: text('condition').notNull().default('on_date'),
    label: text('label'),
    dueDate: date('due_date', { mode: 'string' }),
    amount: money('amount').notNull(),
    collected: money('collected').notNull().default(0),
    /** open | paid | cancelled (cancelled: removed from a revised plan; keeps what it had collected) */
    status: text('status').notNull().default('open'),
    /** The order whose delivery/acceptance sets the due date of an on_delivery/on_acceptance installment. */
    orderId: uuid('order_id'),
    paidAt: tstz('paid_at'),
    badDebtRiskAt: tstz('bad_debt_risk_at'),
    customerId: uuid('customer_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.contractId],
      foreignColumns: [contracts.orgId, contracts.id],
      name: 'installments_contract_fk',
    }),
    uniqueIndex('installments_seq_idx').on(t.orgId, t.contractId, t.seq),
    index('installments_customer_idx').on(t.orgId, t.customerId, t.dueDate),
    // Aging and reminders read open installments by due date, with scope and amounts in the index.
    index('installments_open_due_idx')
      .on(t.orgId, t.dueDate, t.unitId, t.ownerId, t.amount, t.collected)
      .where(sql`${t.status} = 'open'`),
    index('installments_owner_idx').on(t.orgId, t.ownerId, t.dueDate),
    check(
      'installments_collected_check',
      sql`${t.amount} >= 0 and ${t.collected} >= 0 and ${t.collected} <= ${t.amount}`,
    ),
  ],
);

/**
 * A receipt (回款) recorded by finance, or the reversal of one (kind = reversal, amount negative,
 * `reversesId` the original; the original gets `reversedAt`). Never deleted. `allocated` is the sum of
 * its live allocations; unallocated money of a customer's receipts is its prepayment balance.
 */
export const receipts = pgTable(
  'receipts',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    /** receipt | reversal */
    kind: text('kind').notNull().default('receipt'),
    customerId: uuid('customer_id').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    /** bank_transfer | acceptance_bill (承兑汇票) | cash | online */
    method: text('method').notNull(),
    /** Maturity date of an acceptance bill. */
    billMaturityDate: date('bill_maturity_date', { mode: 'string' }),
    payerName: text('payer_name'),
    bankReference: text('bank_reference'),
    notes: text('notes'),
    allocated: money('allocated').notNull().default(0),
    reversesId: uuid('reverses_id'),
    reversedAt: tstz('reversed_at'),
    reversalReason: text('reversal_reason'),
    /** The bank-statement line it was recorded from, if any. */
    statementLineId: uuid('statement_line_id'),
    /** Copied from the customer at recording time (data scope of the receipt). */
    ownerId: uuid('owner_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.customerId],
      foreignColumns: [customers.orgId, customers.id],
      name: 'receipts_customer_fk',
    }),
    index('receipts_customer_idx').on(t.orgId, t.customerId, t.receivedOn),
    index('receipts_received_idx').on(t.orgId, t.receivedOn, t.id),
    index('receipts_reference_idx').on(t.orgId, t.bankReference),
    uniqueIndex('receipts_reverses_idx').on(t.orgId, t.reversesId).where(sql`${t.reversesId} is not null`),
    // A statement line is recorded at most once, however often its import is committed.
    uniqueIndex('receipts_statement_line_idx')
      .on(t.orgId, t.statementLineId)
      .where(sql`${t.statementLineId} is not null`),
    check(
      'receipts_amount_check',
      sql`(${t.kind} = 'receipt' and ${t.amount} > 0 and ${t.allocated} >= 0 and ${t.allocated} <= ${t.amount}) or (${t.kind} = 'reversal' and ${t.amount} < 0 and ${t.allocated} = 0)`,
    ),
  ],
);

/**
 * Money of a receipt applied to an installment. Reversing the receipt (or undoing one allocation)
 * sets `reversedAt`; only live rows count. The database refuses an installment collected beyond its
 * amount and a receipt allocated beyond its amount (check constraints on the sums' columns).
 */
export const receiptAllocations = pgTable(
  'receipt_allocations',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    receiptId: uuid('receipt_id').notNull(),
    installmentId: uuid('installment_id').notNull(),
    amount: money('amount').notNull(),
    /** receipt (at recording) | prepayment (drawn later from the customer's balance) | manual */
    source: text('source').notNull().default('receipt'),
    allocatedAt: tstz('allocated_at').notNull().defaultNow(),
    allocatedBy: uuid('allocated_by'),
    reversedAt: tstz('reversed_at'),
    reversedBy: uuid('reversed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.receiptId],
      foreignColumns: [receipts.orgId, receipts.id],
      name: 'receipt_allocations_receipt_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.installmentId],
      foreignColumns: [installments.orgId, installments.id],
      name: 'receipt_allocations_installment_fk',
    }),
    index('receipt_allocations_receipt_idx').on(t.orgId, t.receiptId),
    index('receipt_allocations_installment_idx').on(t.orgId, t.installmentId),
    check('receipt_allocations_amount_check', sql`${t.amount} > 0`),
  ],
);

/**
 * Idempotency of money POSTs: the first response to a key is stored and answered again to a retry
 * with the same key and the same request (a different request under the same key → 422).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    orgId: orgRef(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    /** Method + route + sha256 of the body. */
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId, t.key] })],
);

/**
 * An order (订单) against an active contract: one delivery of some of its lines. Status: received →
 * reviewed → in_production → in_warehouse → shipped → delivered → accepted (or cancelled).
 */
export const orders = pgTable(
  'orders',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    number: text('number').notNull(),
    contractId: uuid('contract_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** Sum of its lines, minor units. */
    amount: money('amount').notNull(),
    /** received | reviewed | in_production | in_warehouse | shipped | delivered | accepted | cancelled */
    status: text('status').notNull().default('received'),
    promisedDate: date('promised_date', { mode: 'string' }),
    deliveredOn: date('delivered_on', { mode: 'string' }),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    /** When the owner was told the promised date had passed (once per promised date). */
    delayAlertedAt: tstz('delay_alerted_at'),
    notes: text('notes'),
    creditApprovedAt: tstz('credit_approved_at'),
    creditApprovedBy: uuid('credit_approved_by'),
    ownerId: uuid('owner_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.contractId],
      foreignColumns: [contracts.orgId, contracts.id],
      name: 'orders_contract_fk',
    }),
    uniqueIndex('orders_number_idx').on(t.orgId, t.number),
    index('orders_contract_idx').on(t.orgId, t.contractId),
    index('orders_status_idx').on(t.orgId, t.status, t.promisedDate),
    index('orders_owner_idx').on(t.orgId, t.ownerId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    orderId: uuid('order_id').notNull(),
    contractLineId: uuid('contract_line_id').notNull(),
    quantity: integer('quantity').notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.orderId],
      foreignColumns: [orders.orgId, orders.id],
      name: 'order_lines_order_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.contractLineId],
      foreignColumns: [contractLines.orgId, contractLines.id],
      name: 'order_lines_contract_line_fk',
    }),
    index('order_lines_order_idx').on(t.orgId, t.orderId),
    index('order_lines_contract_line_idx').on(t.orgId, t.contractLineId),
  ],
);

/** Each step of an order: who moved it, when, from which state to which. */
export const orderEvents = pgTable(
  'order_events',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    orderId: uuid('order_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    at: tstz('at').notNull().defaultNow(),
    by: uuid('by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.orderId],
      foreignColumns: [orders.orgId, orders.id],
      name: 'order_events_order_fk',
    }),
    index('order_events_order_idx').on(t.orgId, t.orderId, t.at),
  ],
);

/**
 * What the daily collection job did about an installment: reminders before the due date and each rung
 * of the overdue ladder. Unique per installment, kind and day-mark, so running the job twice on one day
 * records (and notifies) once.
 */
export const collectionEvents = pgTable(
  'collection_events',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    installmentId: uuid('installment_id').notNull(),
    /** reminder | overdue_owner | overdue_manager | overdue_finance | bad_debt */
    kind: text('kind').notNull(),
    /** Days before due (reminder) or days overdue (ladder) this event is for. */
    mark: integer('mark').notNull(),
    /** The due date it was computed against (a re-dated installment may be reminded again). */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    notifiedUserIds: uuid('notified_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    runOn: date('run_on', { mode: 'string' }).notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.installmentId],
      foreignColumns: [installments.orgId, installments.id],
      name: 'collection_events_installment_fk',
    }),
    uniqueIndex('collection_events_once_idx').on(t.orgId, t.installmentId, t.kind, t.mark, t.dueDate),
  ],
);

/**
 * Lines of an imported bank statement, matched to a customer and open installments before any receipt
 * is written. The user confirms, fixes (another customer / installments) or skips each line; committing
 * records one receipt per confirmed line.
 */
export const bankStatementLines = pgTable(
  'bank_statement_lines',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    importId: uuid('import_id').notNull(),
    /** 1-based row of the file. */
    row: integer('row').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    payerName: text('payer_name'),
    payerAccount: text('payer_account'),
    bankReference: text('bank_reference'),
    memo: text('memo'),
    /** reference | payer_name | amount | manual (fixed by hand) | none — what the match rests on. */
    matchKind: text('match_kind').notNull().default('none'),
    /** 0…100. */
    matchScore: integer('match_score').notNull().default(0),
    /** Why it matched (or did not), in English: the rule and what it found. */
    matchReason: text('match_reason'),
    customerId: uuid('customer_id'),
    /** The contract named in the reference/memo (or of the one installment the amount matched). */
    contractId: uuid('contract_id'),
    /**
     * duplicate (its bank reference is already on a receipt or an earlier line) | debit (money out) |
     * null. A flagged line is never recorded.
     */
    flag: text('flag'),
    /** The receipt that already carries this line's bank reference (flag = duplicate). */
    duplicateReceiptId: uuid('duplicate_receipt_id'),
    /** The installments the money would go to, oldest due first: [{ installmentId, amount }]. */
    allocations: jsonb('allocations').$type<{ installmentId: string; amount: number }[]>(),
    /** pending | confirmed | skipped | recorded */
    decision: text('decision').notNull().default('pending'),
    receiptId: uuid('receipt_id'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.importId],
      foreignColumns: [importJobs.orgId, importJobs.id],
      name: 'bank_statement_lines_import_fk',
    }),
    uniqueIndex('bank_statement_lines_row_idx').on(t.orgId, t.importId, t.row),
    index('bank_statement_lines_decision_idx').on(t.orgId, t.importId, t.decision),
    check('bank_statement_lines_score_check', sql`${t.matchScore} between 0 and 100`),
  ],
);
