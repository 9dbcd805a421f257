import { contacts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { cleanText } from '../customers/customer-fields.ts';
import { consentPatch, refuseMaskedValues } from '../personal-data/consent.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import { CONTACT_AUDIT_FIELDS, checkReportsTo, cleanMobile } from './contact-fields.ts';
import type { ContactInput } from './create-contact.ts';
import { findContactInScope } from './get-contact.ts';

export type UpdateContactInput = Partial<ContactInput>;

/** PATCH semantics: only the sent fields change; a new manager must not close a reporting loop. */
export async function updateContact(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: UpdateContactInput,
) {
  refuseMaskedValues(input);
  const consent = consentPatch(input, ctx.now());
  return ctx.db.transaction(async (tx) => {
    const current = await findContactInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('contact', current, version);
    assertCan(ctx.actor, 'sales.write');
    const patch: Partial<typeof contacts.$inferInsert> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
    }
    for (const key of ['title', 'email', 'wechat'] as const) {
      const v = cleanText(input[key]);
      if (v !== undefined) {
        patch[key] = v;
      }
    }
    const mobile = cleanMobile(input.mobile);
    if (mobile !== undefined) {
      patch.mobile = mobile;
    }
    if (input.decisionRole !== undefined) {
      patch.decisionRole = input.decisionRole;
    }
    if (input.attitude !== undefined) {
      patch.attitude = input.attitude;
    }
    if (input.reportsToId !== undefined) {
      if (input.reportsToId !== null && input.reportsToId !== current.reportsToId) {
        await checkReportsTo(tx, ctx.actor.orgId, {
          contactId: id,
          customerId: current.customerId,
          reportsToId: input.reportsToId,
        });
      }
      patch.reportsToId = input.reportsToId;
    }
    Object.assign(patch, consent);
    const now = ctx.now();
    const updated = await saveVersioned(tx, ctx, contacts, current, patch, now, {
      entity: 'contact',
      fields: CONTACT_AUDIT_FIELDS,
    });
    return updated;
  });
}
