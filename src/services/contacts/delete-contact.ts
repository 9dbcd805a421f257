import { and, eq, sql } from 'drizzle-orm';
import { RuleViolated } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import { activities, contacts, dealContacts, leads, tasks } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { CONTACT_AUDIT_FIELDS } from './contact-fields.ts';
import { findContactInScope } from './get-contact.ts';

/**
 * Deletes a contact that no deal, activity or converted lead refers to (those keep their history,
 * so such a contact answers 422). Contacts reporting to it now report to its own manager.
 */
export async function deleteContact(ctx: ServiceContext, id: string, version: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await findContactInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('contact', current, version);
    assertCan(ctx.actor, 'sales.write');
    const orgId = ctx.actor.orgId;
    const [refs] = await tx
      .select({
        deals: sql<boolean>`exists (select 1 from ${dealContacts} where ${dealContacts.orgId} = ${orgId} and ${dealContacts.contactId} = ${id})`,
        activities: sql<boolean>`exists (select 1 from ${activities} where ${activities.orgId} = ${orgId} and ${activities.contactId} = ${id})`,
        leads: sql<boolean>`exists (select 1 from ${leads} where ${leads.orgId} = ${orgId} and ${leads.convertedContactId} = ${id})`,
        tasks: sql<boolean>`exists (select 1 from ${tasks} where ${tasks.orgId} = ${orgId} and ${tasks.relatedType} = 'contact' and ${tasks.relatedId} = ${id})`,
      })
      .from(sql`(select 1) as one`);
    const used = Object.entries(refs ?? {})
      .filter(([, v]) => v)
      .map(([k]) => k);
    if (used.length > 0) {
      throw new RuleViolated(`This contact is still referenced by ${used.join(', ')}.`, [
        { path: 'id', message: `referenced by ${used.join(', ')}` },
      ]);
    }
    await tx
      .update(contacts)
      .set({ reportsToId: current.reportsToId })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.reportsToId, id)));
    await tx.delete(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
    await recordAudit({
      db: tx,
      orgId,
      actor: ctx.actor,
      action: 'delete',
      entity: 'contact',
      entityId: id,
      changes: diffFields(current, null, CONTACT_AUDIT_FIELDS),
      meta: ctx.meta,
      at: ctx.now(),
    });
  });
}
