import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { contracts } from '../../db/schema/index.ts';
import { type Actor, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { contractScope } from './contract-fields.ts';

export interface ContractFilter extends PageRequest {
  /** Part of the number, the title or the customer's name. */
  q?: string | undefined;
  status?: string | undefined;
  customerId?: string | undefined;
  dealId?: string | undefined;
  ownerId?: string | undefined;
  /** Contracts owned in this unit or any unit below it. */
  unitId?: string | undefined;
  signFrom?: string | undefined;
  signTo?: string | undefined;
}

const customerName = sql<string>`(select c.name from customers c where c.org_id = ${contracts.orgId} and c.id = ${contracts.customerId})`;
const ownerName = sql<string>`(select u.name from users u where u.org_id = ${contracts.orgId} and u.id = ${contracts.ownerId})`;
const dealName = sql<
  string | null
>`(select d.name from deals d where d.org_id = ${contracts.orgId} and d.id = ${contracts.dealId})`;

/** The WHERE of a contracts list or export: scope first, then the filters. */
export function contractWhere(actor: Actor, filter: ContractFilter): SQL | undefined {
  const q = filter.q?.trim();
  return and(
    contractScope(actor),
    q
      ? sql`(${contracts.number} ilike ${containsPattern(q)} or ${contracts.title} ilike ${containsPattern(q)}
          or exists (select 1 from customers c where c.org_id = ${contracts.orgId} and c.id = ${contracts.customerId}
            and c.name ilike ${containsPattern(q)}))`
      : undefined,
    filter.status ? eq(contracts.status, filter.status) : undefined,
    filter.customerId ? eq(contracts.customerId, filter.customerId) : undefined,
    filter.dealId ? eq(contracts.dealId, filter.dealId) : undefined,
    filter.ownerId ? eq(contracts.ownerId, filter.ownerId) : undefined,
    filter.unitId ? sql`${contracts.unitId} in ${unitSubtree(actor.orgId, filter.unitId)}` : undefined,
    filter.signFrom ? gte(contracts.signDate, filter.signFrom) : undefined,
    filter.signTo ? lte(contracts.signDate, filter.signTo) : undefined,
  );
}

export const contractNames = { customerName, ownerName, dealName };

/** The contracts in the actor's scope that match the filters, sorted and paged by cursor (capped total). */
export async function listContracts(ctx: ServiceContext, filter: ContractFilter) {
  await checkOwnerFilter(ctx.db, ctx.actor, filter.ownerId);
  return paginate({
    db: ctx.db,
    table: contracts,
    where: contractWhere(ctx.actor, filter),
    sortable: {
      createdAt: contracts.createdAt,
      signDate: contracts.signDate,
      amount: contracts.amount,
      number: contracts.number,
      endDate: contracts.endDate,
    },
    defaultSort: '-createdAt',
    id: contracts.id,
    request: filter,
    extra: { customerName, ownerName, dealName },
  });
}
