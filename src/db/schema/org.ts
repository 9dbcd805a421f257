import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { recordColumns, tstz } from './columns.ts';

export const orgs = pgTable('orgs', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** ISO 4217 code; money columns elsewhere are bigint minor units of this currency. */
  currency: text('currency').notNull().default('CNY'),
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  fiscalYearStartMonth: smallint('fiscal_year_start_month').notNull().default(1),
  /** The demo organisation created on first start; `salesops demo` may wipe and reseed it. */
  isDemo: boolean('is_demo').notNull().default(false),
  /**
   * How director and sales_ops see contacts' and leads' personal data: { director?: 'masked' |
   * 'on_request' | 'full', sales_ops?: … } (absent = masked); owners, their managers, finance and
   * admin always see it in full (policies/personal-data.ts). Set by admin.
   */
  personalDataAccess: jsonb('personal_data_access')
    .$type<Partial<Record<'director' | 'sales_ops', 'masked' | 'on_request' | 'full'>>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  ...recordColumns(),
});

export const orgUnits = pgTable(
  'org_units',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    kind: text('kind').notNull().default('team'),
    sortOrder: integer('sort_order').notNull().default(0),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.parentId],
      foreignColumns: [t.orgId, t.id],
      name: 'org_units_parent_fk',
    }),
    index('org_units_parent_idx').on(t.orgId, t.parentId),
    // One root per org: the company node.
    uniqueIndex('org_units_one_root_idx').on(t.orgId).where(sql`${t.parentId} is null`),
  ],
);

export const users = pgTable(
  'users',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Stored as typed; uniqueness and login compare lower(email). */
    email: text('email').notNull(),
    mobile: text('mobile'),
    unitId: uuid('unit_id').notNull(),
    role: text('role').notNull(),
    managerId: uuid('manager_id'),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: tstz('password_changed_at').notNull().defaultNow(),
    lastLoginAt: tstz('last_login_at'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.unitId],
      foreignColumns: [orgUnits.orgId, orgUnits.id],
      name: 'users_unit_fk',
    }),
    foreignKey({
      columns: [t.orgId, t.managerId],
      foreignColumns: [t.orgId, t.id],
      name: 'users_manager_fk',
    }),
    // A login identity is global: one e-mail signs in to exactly one org.
    uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
    index('users_unit_idx').on(t.orgId, t.unitId),
    index('users_name_idx').on(t.orgId, t.name, t.id),
    index('users_created_idx').on(t.orgId, t.createdAt, t.id),
  ],
);
