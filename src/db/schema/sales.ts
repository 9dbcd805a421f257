import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { personColumns, recordColumns, tstz } from './columns.ts';
import { orgs, orgUnits, users } from './org.ts';

const money = (name: string) => bigint(name, { mode: 'number' });
const orgRef = () =>
  uuid('org_id')
    .notNull()
    .references(() => orgs.id);
/** Every sales record has an owner and an owning unit: the data scope (policies/scope.ts) reads both. */
const ownership = () => ({
  ownerId: uuid('owner_id').notNull(),
  unitId: uuid('unit_id').notNull(),
});
const ownerFks = (name: string, t: { orgId: never; ownerId: never; unitId: never }) => [
  foreignKey({
    columns: [t.orgId, t.ownerId],
    foreignColumns: [users.orgId, users.id],
    name: `${name}_owner_fk`,
  }),
  foreignKey({
    columns: [t.orgId, t.unitId],
    foreignColumns: [orgUnits.orgId, orgUnits.id],
    name: `${name}_unit_fk`,
  }),
  index(`${name}_owner_idx`).on(t.orgId, t.ownerId),
  index(`${name}_unit_idx`).on(t.orgId, t.unitId),
];

/** Per-org settings of the sales process (one row per org; defaults apply when absent). */
export const salesSettings = pgTable('sales_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** Hours a new lead may wait for its first contact before it is flagged. */
  leadSlaHours: integer('lead_sla_hours').notNull().default(24),
  /** BANT weights, partial credit and grade thresholds (core/leads/score-bant.ts BantConfig). */
  bantConfig: jsonb('bant_config'),
  /** Display labels of the customer tiers, per language: { vip: { 'zh-CN': …, en: … }, … }. */
  tierLabels: jsonb('tier_labels'),
  ...recordColumns(),
});

export const customers = pgTable(
  'customers',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Name folded for duplicate checks: width, case, punctuation and company-form suffixes removed. */
    nameKey: text('name_key').notNull(),
    /** 统一社会信用代码 (GB 32100-2015), 18 characters, checksum-validated. */
    creditCode: text('credit_code'),
    industry: text('industry'),
    size: text('size'),
    region: text('region'),
    city: text('city'),
    channel: text('channel').notNull().default('direct'),
    source: text('source'),
    tier: text('tier').notNull().default('normal'),
    lifecycle: text('lifecycle').notNull().default('prospect'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    budgetCycle: text('budget_cycle'),
    decisionProcess: text('decision_process'),
    painPoints: text('pain_points'),
    /** Set when this customer was merged into another; merged customers are hidden from lists. */
    mergedIntoId: uuid('merged_into_id'),
    ...ownership(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    ...ownerFks('customers', t as never),
    uniqueIndex('customers_credit_code_idx')
      .on(t.orgId, t.creditCode)
      .where(sql`${t.creditCode} is not null and ${t.mergedIntoId} is null`),
    index('customers_name_key_idx').on(t.orgId, t.nameKey),
    index('customers_name_idx').on(t.orgId, t.name, t.id),
    index('customers_created_idx').on(t.orgId, t.createdAt, t.id),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    name: text('name').notNull(),
    title: text('title'),
    mobile: text('mobile'),
    email: text('email'),
    wechat: text('wechat'),
    /** decision_maker | influencer | user | gatekeeper | champion */
    decisionRole: text('decision_role'),
    /** supporter | neutral | opponent */
    attitude: text('attitude'),
    reportsToId: uuid('reports_to_id'),
    ...personColumns(),
    ...ownership(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    ...ownerFks('contacts', t as never),
    foreignKey({
      columns: [t.orgId, t.customerId],
      foreignColumns: [customers.orgId, customers.id],
      name: 'contacts_customer_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.reportsToId],
      foreignColumns: [t.orgId, t.id],
      name: 'contacts_reports_to_fk',
    }),
    index('contacts_customer_idx').on(t.orgId, t.customerId),
    // Serves the relationship map and the self-reference check when contacts are deleted.
    index('contacts_reports_to_idx').on(t.orgId, t.reportsToId),
    index('contacts_name_idx').on(t.orgId, t.name, t.id),
  ],
);

export const productLines = pgTable(
  'product_lines',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    active: boolean('active').notNull().default(true),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('product_lines_name_idx').on(t.orgId, t.name),
  ],
);

export const products = pgTable(
  'products',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    productLineId: uuid('product_line_id').notNull(),
    name: text('name').notNull(),
    sku: text('sku'),
    /** List price per unit, minor units of the org currency. */
    listPrice: money('list_price').notNull(),
    unit: text('unit'),
    active: boolean('active').notNull().default(true),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.productLineId],
      foreignColumns: [productLines.orgId, productLines.id],
      name: 'products_line_fk',
    }),
    uniqueIndex('products_sku_idx').on(t.orgId, t.sku).where(sql`${t.sku} is not null`),
    index('products_line_idx').on(t.orgId, t.productLineId),
  ],
);

/** Assignment rules applied to new and imported leads, lowest priority number first. */
export const leadAssignmentRules = pgTable(
  'lead_assignment_rules',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** round_robin: among active reps of unitId; mapping: leads matching region/industry go to unitId (round robin there) or userId. */
    kind: text('kind').notNull(),
    priority: integer('priority').notNull().default(100),
    matchRegion: text('match_region'),
    matchIndustry: text('match_industry'),
    unitId: uuid('unit_id'),
    userId: uuid('user_id'),
    /** Last rep a round robin handed a lead to. */
    lastAssignedUserId: uuid('last_assigned_user_id'),
    active: boolean('active').notNull().default(true),
    ...recordColumns(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('lead_rules_priority_idx').on(t.orgId, t.priority)],
);

export const leads = pgTable(
  'leads',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    /** The person. */
    name: text('name').notNull(),
    company: text('company'),
    title: text('title'),
    mobile: text('mobile'),
    email: text('email'),
    wechat: text('wechat'),
    /** content | wechat | weibo | zhihu | linkedin | seo | sem | event | referral | other */
    sourceChannel: text('source_channel').notNull().default('other'),
    region: text('region'),
    city: text('city'),
    industry: text('industry'),
    /** BANT answers: none | partial | full. */
    bantBudget: text('bant_budget').notNull().default('none'),
    bantAuthority: text('bant_authority').notNull().default('none'),
    bantNeed: text('bant_need').notNull().default('none'),
    bantTimeline: text('bant_timeline').notNull().default('none'),
    /** Estimated budget, minor units. */
    budgetAmount: money('budget_amount'),
    score: smallint('score').notNull().default(0),
    grade: text('grade').notNull().default('D'),
    /** new | working | qualified | disqualified | converted */
    status: text('status').notNull().default('new'),
    disqualifyReason: text('disqualify_reason'),
    firstContactedAt: tstz('first_contacted_at'),
    convertedAt: tstz('converted_at'),
    convertedCustomerId: uuid('converted_customer_id'),
    convertedContactId: uuid('converted_contact_id'),
    convertedDealId: uuid('converted_deal_id'),
    notes: text('notes'),
    ...personColumns(),
    ...ownership(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    ...ownerFks('leads', t as never),
    index('leads_status_idx').on(t.orgId, t.status, t.createdAt),
    index('leads_created_idx').on(t.orgId, t.createdAt, t.id),
    index('leads_name_idx').on(t.orgId, t.name, t.id),
  ],
);

/** The pipeline's stages, per org; the default is the course's 7 steps (services/deals). */
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    key: text('key').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    position: integer('position').notNull(),
    /** Default win probability, basis points (0…10,000). */
    probabilityBp: integer('probability_bp').notNull(),
    /** pipeline | best_case | commit | closed | omitted: the default forecast category of deals here. */
    forecastCategory: text('forecast_category').notNull().default('pipeline'),
    /** Days a deal may stay before it is flagged stale. */
    slaDays: integer('sla_days'),
    /** Rules a deal must meet to move past this stage, e.g. ["bant_complete"], ["quote_activity"]. */
    exitCriteria: jsonb('exit_criteria').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    active: boolean('active').notNull().default(true),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('pipeline_stages_key_idx').on(t.orgId, t.key),
  ],
);

export const deals = pgTable(
  'deals',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    customerId: uuid('customer_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    stageEnteredAt: tstz('stage_entered_at').notNull(),
    /** Minor units of the org currency. */
    amount: money('amount').notNull().default(0),
    /** manual | line_items */
    amountSource: text('amount_source').notNull().default('manual'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    /** Overrides the stage default when set, basis points. */
    probabilityBp: integer('probability_bp'),
    forecastCategory: text('forecast_category').notNull().default('pipeline'),
    /** open | won | lost */
    status: text('status').notNull().default('open'),
    closeReason: text('close_reason'),
    winningCompetitor: text('winning_competitor'),
    competitors: text('competitors').array().notNull().default(sql`'{}'::text[]`),
    nextStep: text('next_step'),
    closedAt: tstz('closed_at'),
    leadId: uuid('lead_id'),
    ...ownership(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    ...ownerFks('deals', t as never),
    foreignKey({
      columns: [t.orgId, t.customerId],
      foreignColumns: [customers.orgId, customers.id],
      name: 'deals_customer_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.stageId],
      foreignColumns: [pipelineStages.orgId, pipelineStages.id],
      name: 'deals_stage_fk',
    }),
    index('deals_customer_idx').on(t.orgId, t.customerId),
    // Board and list filters (status + stage) sorted by amount; owner/unit ride along so the data
    // scope and the capped count are answered from the index (bench/deals-list.ts).
    // (It also serves every status/stage filter, so it replaces a plain (org, status, stage) index.)
    index('deals_status_stage_amount_idx').on(
      t.orgId,
      t.status,
      t.stageId,
      t.amount,
      t.id,
      t.unitId,
      t.ownerId,
    ),
    index('deals_close_idx').on(t.orgId, t.expectedCloseDate, t.id),
    index('deals_created_idx').on(t.orgId, t.createdAt, t.id),
    index('deals_amount_idx').on(t.orgId, t.amount, t.id),
  ],
);

export const dealContacts = pgTable(
  'deal_contacts',
  {
    orgId: orgRef(),
    dealId: uuid('deal_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    role: text('role'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId, t.contactId] }),
    foreignKey({
      columns: [t.orgId, t.dealId],
      foreignColumns: [deals.orgId, deals.id],
      name: 'deal_contacts_deal_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.contactId],
      foreignColumns: [contacts.orgId, contacts.id],
      name: 'deal_contacts_contact_fk',
    }),
    index('deal_contacts_contact_idx').on(t.orgId, t.contactId),
  ],
);

export const dealLineItems = pgTable(
  'deal_line_items',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    dealId: uuid('deal_id').notNull(),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    /** Discount, basis points of quantity × unit price. */
    discountBp: integer('discount_bp').notNull().default(0),
    amount: money('amount').notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.dealId],
      foreignColumns: [deals.orgId, deals.id],
      name: 'deal_line_items_deal_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.productId],
      foreignColumns: [products.orgId, products.id],
      name: 'deal_line_items_product_fk',
    }),
    index('deal_line_items_deal_idx').on(t.orgId, t.dealId),
  ],
);

/** One row per stay of a deal in a stage; moving backward is allowed and recorded like any move. */
export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    dealId: uuid('deal_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    enteredAt: tstz('entered_at').notNull(),
    leftAt: tstz('left_at'),
    movedBy: uuid('moved_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.dealId],
      foreignColumns: [deals.orgId, deals.id],
      name: 'deal_stage_history_deal_fk',
    }),
    index('deal_stage_history_deal_idx').on(t.orgId, t.dealId, t.enteredAt),
  ],
);

/** Visits, calls, meetings, demos, e-mails, WeChat, proposals and quotes: the process indicators. */
export const activities = pgTable(
  'activities',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    notes: text('notes'),
    occurredAt: tstz('occurred_at').notNull(),
    durationMinutes: integer('duration_minutes'),
    outcome: text('outcome'),
    nextStep: text('next_step'),
    customerId: uuid('customer_id'),
    contactId: uuid('contact_id'),
    dealId: uuid('deal_id'),
    leadId: uuid('lead_id'),
    ...ownership(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    ...ownerFks('activities', t as never),
    index('activities_customer_idx').on(t.orgId, t.customerId, t.occurredAt),
    index('activities_deal_idx').on(t.orgId, t.dealId, t.occurredAt),
    index('activities_lead_idx').on(t.orgId, t.leadId, t.occurredAt),
    index('activities_contact_idx').on(t.orgId, t.contactId, t.occurredAt),
    index('activities_occurred_idx').on(t.orgId, t.occurredAt, t.id),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    notes: text('notes'),
    /** The assignee is the owner for scope purposes. */
    ...ownership(),
    dueAt: tstz('due_at').notNull(),
    /** low | normal | high | urgent */
    priority: text('priority').notNull().default('normal'),
    /** open | done | cancelled */
    status: text('status').notNull().default('open'),
    milestone: boolean('milestone').notNull().default(false),
    remindAt: tstz('remind_at'),
    remindedAt: tstz('reminded_at'),
    /** customer | contact | deal | lead */
    relatedType: text('related_type'),
    relatedId: uuid('related_id'),
    completedAt: tstz('completed_at'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    ...ownerFks('tasks', t as never),
    index('tasks_due_idx').on(t.orgId, t.status, t.dueAt),
    index('tasks_remind_idx').on(t.remindAt).where(sql`${t.remindedAt} is null and ${t.status} = 'open'`),
    index('tasks_related_idx').on(t.orgId, t.relatedType, t.relatedId),
  ],
);

/** In-app notifications (task reminders now; alerts later). */
export const notifications = pgTable(
  'notifications',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** Where the web app should go when it is opened, e.g. /tasks/<id>. */
    link: text('link'),
    /** Makes delivery idempotent: one reminder per task and remind time. */
    dedupeKey: text('dedupe_key'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    readAt: tstz('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('notifications_user_idx').on(t.orgId, t.userId, t.createdAt),
    uniqueIndex('notifications_dedupe_idx').on(t.orgId, t.dedupeKey),
  ],
);

/** A user's saved list views: filters, sort and columns of one entity's list page. */
export const savedViews = pgTable(
  'saved_views',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    entity: text('entity').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('saved_views_user_idx').on(t.orgId, t.userId, t.entity),
  ],
);

/** Imports: upload → mapping → dry run → commit, run by a background job with progress. */
export const importJobs = pgTable(
  'import_jobs',
  {
    orgId: orgRef(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    /** customers | contacts | leads | deals | activities */
    entity: text('entity').notNull(),
    fileName: text('file_name').notNull(),
    /** csv | xlsx */
    format: text('format').notNull(),
    /** uploaded | validating | validated | importing | succeeded | failed */
    status: text('status').notNull().default('uploaded'),
    headers: jsonb('headers').$type<string[]>(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>(),
    /** all_or_nothing | skip_bad */
    mode: text('mode').notNull().default('all_or_nothing'),
    /** skip | update | create */
    duplicatePolicy: text('duplicate_policy').notNull().default('skip'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    insertedRows: integer('inserted_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    skippedRows: integer('skipped_rows').notNull().default(0),
    /** Bad rows and why: [{ row, errors: [{ path, message }] }], capped. */
    report: jsonb('report'),
    error: text('error'),
    finishedAt: tstz('finished_at'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('import_jobs_user_idx').on(t.orgId, t.userId, t.createdAt),
  ],
);

/** The uploaded file, kept until the import finishes. */
export const importFiles = pgTable(
  'import_files',
  {
    orgId: orgRef(),
    importId: uuid('import_id').notNull(),
    /** The file as uploaded, base64. */
    content: text('content').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.importId] }),
    foreignKey({
      columns: [t.orgId, t.importId],
      foreignColumns: [importJobs.orgId, importJobs.id],
      name: 'import_files_job_fk',
    }),
  ],
);
