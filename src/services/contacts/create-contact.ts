import { NotFound } from '../../core/errors.ts';
import { contacts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { cleanText } from '../customers/customer-fields.ts';
import { findCustomerInScope } from '../customers/get-customer.ts';
import { type ConsentInput, consentPatch, refuseMaskedValues } from '../personal-data/consent.ts';
import {
  type Attitude,
  CONTACT_AUDIT_FIELDS,
  checkReportsTo,
  cleanMobile,
  type DecisionRole,
} from './contact-fields.ts';

export interface ContactInput extends ConsentInput {
  name: string;
  title?: string | null | undefined;
  mobile?: string | null | undefined;
  email?: string | null | undefined;
  wechat?: string | null | undefined;
  decisionRole?: DecisionRole | null | undefined;
  attitude?: Attitude | null | undefined;
  reportsToId?: string | null | undefined;
}

/** Adds a contact to a customer in the actor's scope; the contact takes the customer's owner and unit. */
export async function createContact(ctx: ServiceContext, customerId: string, input: ContactInput) {
  refuseMaskedValues(input);
  const mobile = cleanMobile(input.mobile) ?? null;
  const consent = consentPatch(input, ctx.now());
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerInScope(tx, ctx.actor, customerId, { live: true });
    if (!customer) {
      throw new NotFound('No such customer.', [{ path: 'customerId', message: 'no such customer' }]);
    }
    assertCan(ctx.actor, 'sales.write');
    if (input.reportsToId) {
      await checkReportsTo(tx, ctx.actor.orgId, {
        contactId: null,
        customerId,
        reportsToId: input.reportsToId,
      });
    }
    const now = ctx.now();
    const [row] = await tx
      .insert(contacts)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        customerId,
        name: input.name.trim(),
        title: cleanText(input.title) ?? null,
        mobile,
        email: cleanText(input.email) ?? null,
        wechat: cleanText(input.wechat) ?? null,
        decisionRole: input.decisionRole ?? null,
        attitude: input.attitude ?? null,
        reportsToId: input.reportsToId ?? null,
        ...consent,
        ownerId: customer.ownerId,
        unitId: customer.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const created = row!;
    await auditChange(tx, ctx, {
      entity: 'contact',
      entityId: created.id,
      before: null,
      after: created,
      fields: CONTACT_AUDIT_FIELDS,
      at: now,
    });
    return created;
  });
}
