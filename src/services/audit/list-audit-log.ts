import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import { type Page, type PageRequest, paginate } from '../../db/paginate.ts';
import { auditLog } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';

export interface AuditFilter extends PageRequest {
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Admins list and filter the audit log of their org, newest first by default. */
export async function listAuditLog(
  ctx: ServiceContext,
  filter: AuditFilter,
): Promise<Page<typeof auditLog.$inferSelect>> {
  assertCan(ctx.actor, 'audit.read');
  const conds: (SQL | undefined)[] = [eq(auditLog.orgId, ctx.actor.orgId)];
  if (filter.action) {
    conds.push(eq(auditLog.action, filter.action));
  }
  if (filter.entity) {
    conds.push(eq(auditLog.entity, filter.entity));
  }
  if (filter.entityId) {
    conds.push(eq(auditLog.entityId, filter.entityId));
  }
  if (filter.actorId) {
    conds.push(eq(auditLog.actorId, filter.actorId));
  }
  if (filter.from) {
    conds.push(gte(auditLog.at, filter.from));
  }
  if (filter.to) {
    conds.push(lt(auditLog.at, filter.to));
  }
  return paginate({
    db: ctx.db,
    table: auditLog,
    where: and(...conds),
    sortable: { at: auditLog.at },
    defaultSort: '-at',
    id: auditLog.id,
    request: filter,
  });
}
