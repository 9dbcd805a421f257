import { z } from 'zod';
import type { apiTokens, auditLog, orgs, orgUnits, sessions, users } from '../../db/schema/index.ts';
import type { PersonalDataReader } from '../../policies/personal-data.ts';
import { UNIT_KINDS } from '../../services/org-units/manage-units.ts';
import { role } from '../schemas/common.ts';
import { presentActivity } from './activities.ts';
import { presentContact } from './contacts.ts';
import { presentCustomer } from './customers.ts';
import { presentDeal, presentStage } from './deals.ts';
import { presentImport } from './imports.ts';
import { presentAssignmentRule, presentLeadRow, presentSalesSettings } from './leads.ts';
import { presentProduct, presentProductLine } from './products.ts';
import { presentSavedView } from './saved-views.ts';
import { presentTask } from './tasks.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    mobile: z.string().nullable(),
    role,
    unitId: z.string(),
    managerId: z.string().nullable(),
    active: z.boolean(),
    lastLoginAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });

/** The public shape of a user: never the password hash. */
export function presentUser(u: typeof users.$inferSelect): z.infer<typeof userSchema> {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    mobile: u.mobile,
    role: u.role as z.infer<typeof role>,
    unitId: u.unitId,
    managerId: u.managerId,
    active: u.active,
    lastLoginAt: iso(u.lastLoginAt),
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
});
export const meSchema = userSchema.extend({ org: orgSchema }).meta({ id: 'Me' });

export function presentMe(u: typeof users.$inferSelect, o: typeof orgs.$inferSelect) {
  return { ...presentUser(u), org: { id: o.id, name: o.name, currency: o.currency, timezone: o.timezone } };
}

export const unitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    kind: z.enum(UNIT_KINDS),
    sortOrder: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OrgUnit' });

export function presentUnit(u: typeof orgUnits.$inferSelect): z.infer<typeof unitSchema> {
  return {
    id: u.id,
    name: u.name,
    parentId: u.parentId,
    // Written only through the route's enum, so the column holds one of UNIT_KINDS.
    kind: u.kind as (typeof UNIT_KINDS)[number],
    sortOrder: u.sortOrder,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'ApiToken' });

export function presentToken(t: typeof apiTokens.$inferSelect): z.infer<typeof tokenSchema> {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    version: t.version,
  };
}

export const sessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export function presentSession(s: typeof sessions.$inferSelect, currentId: string | undefined) {
  return {
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
    current: s.id === currentId,
  };
}

export const auditSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export function presentAudit(a: typeof auditLog.$inferSelect): z.infer<typeof auditSchema> {
  return {
    id: a.id,
    at: a.at.toISOString(),
    actorId: a.actorId,
    actorName: a.actorName,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId,
    changes: a.changes ?? null,
    ip: a.ip,
  };
}

/** Presenters by entity name, for the `current` record of a 412 answer. */
export const presentersByEntity: Record<string, (row: never, reader: PersonalDataReader) => unknown> = {
  deal: presentDeal,
  'pipeline stage': presentStage,
  activity: presentActivity,
  task: presentTask,
  user: presentUser,
  'org unit': presentUnit,
  'API token': presentToken,
  customer: presentCustomer,
  contact: (row: Parameters<typeof presentContact>[1], reader: PersonalDataReader) =>
    presentContact(reader, row),
  product: presentProduct,
  'product line': presentProductLine,
  lead: (row: Parameters<typeof presentLeadRow>[1], reader: PersonalDataReader) =>
    presentLeadRow(reader, row),
  'lead assignment rule': presentAssignmentRule,
  'sales settings': presentSalesSettings,
  'saved view': presentSavedView,
  import: (row: Parameters<typeof presentImport>[0]) => presentImport(row),
};
