import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.ts';
import { orgs } from './org.ts';

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * Append-only audit trail. A trigger (migration 0001) rejects UPDATE, DELETE and TRUNCATE, so no
 * endpoint, job or bug can rewrite history.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    id: uuid('id').notNull(),
    at: tstz('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    changes: jsonb('changes').$type<AuditChanges>(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('audit_log_at_idx').on(t.orgId, t.at, t.id),
    index('audit_log_entity_idx').on(t.orgId, t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.orgId, t.actorId, t.at),
  ],
);
