import { and, eq, not, type SQL, sql } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { type Page, type PageRequest, paginate } from '../../db/paginate.ts';
import { leads } from '../../db/schema/index.ts';
import { ownedRecordScope, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { getSalesSettings } from '../settings/get-sales-settings.ts';
import {
  type LeadStatus,
  type LeadWithSla,
  type SourceChannel,
  slaBreachedSql,
  withSla,
} from './lead-fields.ts';

export interface LeadFilter extends PageRequest {
  q?: string | undefined;
  status?: LeadStatus | undefined;
  grade?: 'A' | 'B' | 'C' | 'D' | undefined;
  sourceChannel?: SourceChannel | undefined;
  ownerId?: string | undefined;
  /** Leads owned by this unit or any unit below it. */
  unitId?: string | undefined;
  slaBreached?: boolean | undefined;
}

/** Leads in the actor's scope, filtered, sorted and paged by cursor; each with its SLA flag. */
export async function listLeads(ctx: ServiceContext, filter: LeadFilter): Promise<Page<LeadWithSla>> {
  await checkOwnerFilter(ctx.db, ctx.actor, filter.ownerId);
  const settings = await getSalesSettings(ctx.db, ctx.actor.orgId);
  const now = ctx.now();
  const conds: (SQL | undefined)[] = [ownedRecordScope(ctx.actor, leads)];
  if (filter.q) {
    const like = containsPattern(filter.q);
    conds.push(
      sql`(${leads.name} ilike ${like} or ${leads.company} ilike ${like} or ${leads.mobile} ilike ${like} or ${leads.email} ilike ${like})`,
    );
  }
  if (filter.status) {
    conds.push(eq(leads.status, filter.status));
  }
  if (filter.grade) {
    conds.push(eq(leads.grade, filter.grade));
  }
  if (filter.sourceChannel) {
    conds.push(eq(leads.sourceChannel, filter.sourceChannel));
  }
  if (filter.ownerId) {
    conds.push(eq(leads.ownerId, filter.ownerId));
  }
  if (filter.unitId) {
    conds.push(sql`${leads.unitId} in ${unitSubtree(ctx.actor.orgId, filter.unitId)}`);
  }
  if (filter.slaBreached !== undefined) {
    const breached = slaBreachedSql(now, settings.leadSlaHours);
    conds.push(filter.slaBreached ? breached : not(breached));
  }
  const page = await paginate({
    db: ctx.db,
    table: leads,
    where: and(...conds),
    sortable: { createdAt: leads.createdAt, score: leads.score, name: leads.name },
    defaultSort: '-createdAt',
    id: leads.id,
    request: filter,
  });
  return { ...page, items: page.items.map((l) => withSla(l, now, settings.leadSlaHours)) };
}
