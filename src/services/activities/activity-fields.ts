import { and, eq } from 'drizzle-orm';
import { Invalid, NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { activities, leads } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import { visibleRecord } from '../deals/record-refs.ts';

export type Activity = typeof activities.$inferSelect;

export const ACTIVITY_TYPES = [
  'visit',
  'call',
  'meeting',
  'demo',
  'email',
  'wechat',
  'proposal',
  'quote',
] as const;

export const ACTIVITY_AUDIT_FIELDS = [
  'type',
  'subject',
  'notes',
  'occurredAt',
  'durationMinutes',
  'outcome',
  'nextStep',
  'customerId',
  'contactId',
  'dealId',
  'leadId',
] as const satisfies readonly (keyof Activity)[];

export interface ActivityLinks {
  customerId?: string | null | undefined;
  contactId?: string | null | undefined;
  dealId?: string | null | undefined;
  leadId?: string | null | undefined;
}

/**
 * The links of an activity, checked: every linked contact, deal and lead must be visible to the
 * actor (else 400 at its field); a contact and a deal must belong to the same customer, and to the
 * linked customer when one is given (else 400 at the contact's or deal's field). The customer is
 * that of the deal or contact when not given, so the activity shows on the customer's timeline; the
 * customer of a deal or contact the actor works on is accepted even when the customer itself is
 * someone else's (a rep's own deal on another rep's customer). A customer linked alone must be
 * visible.
 */
export async function checkLinks(db: Queryable, actor: Actor, links: ActivityLinks): Promise<ActivityLinks> {
  const contact = links.contactId
    ? await visibleRecord(db, actor, 'contact', links.contactId, 'contactId')
    : null;
  const deal = links.dealId ? await visibleRecord(db, actor, 'deal', links.dealId, 'dealId') : null;
  if (links.leadId) {
    await visibleRecord(db, actor, 'lead', links.leadId, 'leadId');
  }
  const customerOfChildren = deal?.customerId ?? contact?.customerId ?? null;
  if (contact && deal && contact.customerId !== deal.customerId) {
    throw new Invalid('The contact and the deal belong to different customers.', [
      { path: 'contactId', message: "must be a contact of the deal's customer" },
    ]);
  }
  if (links.customerId && customerOfChildren && links.customerId !== customerOfChildren) {
    throw new Invalid('The linked deal or contact belongs to another customer.', [
      { path: deal ? 'dealId' : 'contactId', message: 'must belong to the linked customer' },
    ]);
  }
  if (links.customerId && !customerOfChildren) {
    await visibleRecord(db, actor, 'customer', links.customerId, 'customerId');
  }
  return { ...links, customerId: links.customerId ?? customerOfChildren };
}

/** Logging contact with a lead counts as its first contact and starts working it. */
export async function markLeadContacted(db: Queryable, orgId: string, leadId: string, at: Date, now: Date) {
  const [lead] = await db
    .select({ firstContactedAt: leads.firstContactedAt, status: leads.status, version: leads.version })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), eq(leads.id, leadId)))
    .for('update');
  if (!lead || (lead.firstContactedAt !== null && lead.status !== 'new')) {
    return;
  }
  await db
    .update(leads)
    .set({
      firstContactedAt: lead.firstContactedAt ?? at,
      status: lead.status === 'new' ? 'working' : lead.status,
      version: lead.version + 1,
      updatedAt: now,
    })
    .where(and(eq(leads.orgId, orgId), eq(leads.id, leadId)));
}

export function activityScope(actor: Actor) {
  return ownedRecordScope(actor, activities);
}

export async function findActivity(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(activities)
    .where(and(activityScope(actor), eq(activities.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such activity.');
  }
  return row;
}
