import { and, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import { normaliseMobile } from '../../core/validation.ts';
import type { Queryable } from '../../db/client.ts';
import { contacts, customers } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';

export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion'] as const;
export const ATTITUDES = ['supporter', 'neutral', 'opponent'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];
export type Attitude = (typeof ATTITUDES)[number];

export const CONTACT_AUDIT_FIELDS = [
  'customerId',
  'name',
  'title',
  'mobile',
  'email',
  'wechat',
  'decisionRole',
  'attitude',
  'reportsToId',
  'marketingConsent',
  'marketingConsentAt',
  'marketingConsentChannel',
  'erasedAt',
] as const;

// Aliased so the scope condition's columns cannot be confused with an outer query's customers.
const scopeCustomer = alias(customers, 'scope_customer');

/**
 * A contact is visible iff its customer is: the customer's owner/unit decide, through a join, so a
 * reassigned customer takes its contacts along at once.
 */
export function contactScope(actor: Actor): SQL {
  return sql`${contacts.orgId} = ${actor.orgId} and exists (select 1 from ${customers} as scope_customer where ${scopeCustomer.orgId} = ${contacts.orgId} and ${scopeCustomer.id} = ${contacts.customerId} and ${ownedRecordScope(actor, scopeCustomer)})`;
}

export function cleanMobile(input: string | null | undefined): string | null | undefined {
  if (input === undefined) {
    return undefined;
  }
  if (input === null || input.trim() === '') {
    return null;
  }
  const m = normaliseMobile(input);
  if (!m) {
    throw new Invalid('The mobile number is not valid.', [
      { path: 'mobile', message: 'must be a mainland mobile (11 digits, 13–19…) or +country number' },
    ]);
  }
  return m;
}

/**
 * The manager a contact reports to must be a contact of the same customer, and following the chain
 * up from it must never come back to this contact (a loop would make the map a cycle).
 */
export async function checkReportsTo(
  db: Queryable,
  orgId: string,
  {
    contactId,
    customerId,
    reportsToId,
  }: { contactId: string | null; customerId: string; reportsToId: string },
): Promise<void> {
  if (reportsToId === contactId) {
    throw new RuleViolated('A contact cannot report to themselves.', [
      { path: 'reportsToId', message: 'cannot report to themselves' },
    ]);
  }
  const [boss] = await db
    .select({ customerId: contacts.customerId })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, reportsToId)));
  if (!boss || boss.customerId !== customerId) {
    throw new RuleViolated('A contact reports to a contact of the same customer.', [
      { path: 'reportsToId', message: 'must be a contact of the same customer' },
    ]);
  }
  if (contactId) {
    const loop = await db.execute<{ hit: boolean }>(sql`
      with recursive chain(id, reports_to_id, depth) as (
        select id, reports_to_id, 0 from contacts where org_id = ${orgId} and id = ${reportsToId}
        union all
        select c.id, c.reports_to_id, ch.depth + 1 from contacts c join chain ch on c.id = ch.reports_to_id
        where c.org_id = ${orgId} and ch.depth < 200
      ) select exists(select 1 from chain where id = ${contactId}) as hit`);
    if (loop.rows[0]?.hit) {
      throw new RuleViolated('This would make a reporting loop.', [
        { path: 'reportsToId', message: 'this would make a reporting loop' },
      ]);
    }
  }
}
