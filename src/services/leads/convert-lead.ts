import { and, eq, isNull } from 'drizzle-orm';
import { customerNameKey } from '../../core/customers/index.ts';
import { Conflict, DomainError, Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { contacts, customers, leads } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import { auditChange } from '../audit/record-audit.ts';
import { CONTACT_AUDIT_FIELDS } from '../contacts/contact-fields.ts';
import { newId, type ServiceContext } from '../context.ts';
import { lockCustomerIdentity } from '../customers/create-customer.ts';
import { CUSTOMER_AUDIT_FIELDS, cleanCreditCode } from '../customers/customer-fields.ts';
import { assertNoDuplicate } from '../customers/find-duplicate-customers.ts';
import { createDeal } from '../deals/create-deal.ts';
import { ensureDefaultPipeline } from '../deals/ensure-default-pipeline.ts';
import { refuseMaskedValues } from '../personal-data/consent.ts';
import { getSalesSettings } from '../settings/get-sales-settings.ts';
import { checkVersion } from '../versioning.ts';
import {
  cleanLeadMobile,
  findLeadInScope,
  LEAD_AUDIT_FIELDS,
  type Lead,
  type LeadWithSla,
  optText,
  withSla,
} from './lead-fields.ts';

export interface ConvertLeadInput {
  customer:
    | { existingId: string }
    | {
        name: string;
        creditCode?: string | null | undefined;
        industry?: string | null | undefined;
        region?: string | null | undefined;
        city?: string | null | undefined;
        /** Create it even though a customer with the same name exists (never for the same credit code). */
        allowSameName?: boolean | undefined;
      };
  contact?:
    | {
        name?: string | undefined;
        title?: string | null | undefined;
        mobile?: string | null | undefined;
        email?: string | null | undefined;
      }
    | undefined;
  deal: {
    name: string;
    amount: number;
    expectedCloseDate?: string | null | undefined;
    stageKey?: string | undefined;
  } | null;
  /** Convert a lead that is still `working` (not yet qualified). */
  force?: boolean | undefined;
}

export interface ConversionResult {
  lead: LeadWithSla;
  customerId: string;
  customerCreated: boolean;
  contactId: string;
  dealId: string | null;
}

/** Errors from helpers that report bare field paths get the request's nesting (`customer.creditCode`). */
function nest<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw repath(prefix, e);
  }
}
function repath(prefix: string, e: unknown): unknown {
  if (e instanceof Invalid) {
    return new Invalid(
      e.message,
      e.details.map((d) => ({ ...d, path: `${prefix}.${d.path}` })),
    );
  }
  if (e instanceof Conflict) {
    return new Conflict(
      e.message,
      e.details.map((d) => ({ ...d, path: `${prefix}.${d.path}` })),
      e.candidates,
    );
  }
  return e;
}

async function reuseCustomer(tx: Tx, ctx: ServiceContext, existingId: string) {
  const [row] = await tx
    .select()
    .from(customers)
    .where(
      and(
        ownedRecordScope(ctx.actor, customers),
        eq(customers.id, existingId),
        isNull(customers.mergedIntoId),
      ),
    )
    .limit(1);
  if (!row) {
    throw new NotFound('No such customer in your scope.', [
      { path: 'customer.existingId', message: 'no customer with this id in your scope' },
    ]);
  }
  return row;
}

async function createCustomerFromLead(
  tx: Tx,
  ctx: ServiceContext,
  lead: Lead,
  input: Exclude<ConvertLeadInput['customer'], { existingId: string }>,
  now: Date,
) {
  const name = input.name.trim();
  const creditCode = nest('customer', () => cleanCreditCode(input.creditCode)) ?? null;
  const nameKey = customerNameKey(name);
  await lockCustomerIdentity(tx, ctx.actor.orgId, nameKey, creditCode);
  try {
    await assertNoDuplicate(tx, ctx.actor, {
      name,
      creditCode,
      force: input.allowSameName === true,
      sameNameHint: 'Convert into it (customer.existingId), or set customer.allowSameName to create another.',
    });
  } catch (e) {
    throw repath('customer', e);
  }
  const [row] = await tx
    .insert(customers)
    .values({
      orgId: ctx.actor.orgId,
      id: newId(),
      name,
      nameKey,
      creditCode,
      industry: optText(input.industry) ?? lead.industry,
      region: optText(input.region) ?? lead.region,
      city: optText(input.city) ?? lead.city,
      source: lead.sourceChannel,
      ownerId: lead.ownerId,
      unitId: lead.unitId,
      createdAt: now,
      updatedAt: now,
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    })
    .returning();
  const customer = row!;
  await auditChange(tx, ctx, {
    entity: 'customer',
    entityId: customer.id,
    before: null,
    after: customer,
    fields: CUSTOMER_AUDIT_FIELDS,
    at: now,
  });
  return customer;
}

/**
 * Converts a lead (issue 3 §4) in ONE transaction: reuse a customer in scope or create one (after
 * the org-wide duplicate check → 409 with candidates), create the contact (defaults from the lead),
 * optionally a deal in the first (or named) stage with its first stage-history row, then mark the
 * lead converted with the three ids. Any failure rolls everything back. The new records belong to
 * the lead's owner. The lead must be `qualified`, or `working` with `force`.
 */
export async function convertLead(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: ConvertLeadInput,
): Promise<ConversionResult> {
  refuseMaskedValues(input.contact ?? {}, 'contact.');
  return ctx.db.transaction(async (tx) => {
    const lead = await findLeadInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('lead', lead, version);
    assertCan(ctx.actor, 'sales.write');
    const allowed = lead.status === 'qualified' || (lead.status === 'working' && input.force === true);
    if (!allowed) {
      throw new RuleViolated(
        lead.status === 'working'
          ? 'Only a qualified lead can be converted; qualify it first, or send force: true.'
          : `A ${lead.status} lead cannot be converted.`,
        [{ path: 'status', message: `lead is ${lead.status}` }],
      );
    }
    const now = ctx.now();
    const contactIn = input.contact ?? {};
    const mobile = cleanLeadMobile(
      contactIn.mobile === undefined ? lead.mobile : contactIn.mobile,
      'contact.mobile',
    );

    let customerCreated = false;
    let customer: typeof customers.$inferSelect;
    if ('existingId' in input.customer) {
      customer = await reuseCustomer(tx, ctx, input.customer.existingId);
    } else {
      customer = await createCustomerFromLead(tx, ctx, lead, input.customer, now);
      customerCreated = true;
    }

    const [contactRow] = await tx
      .insert(contacts)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        customerId: customer.id,
        name: optText(contactIn.name) ?? lead.name,
        title: contactIn.title === undefined ? lead.title : (optText(contactIn.title) ?? null),
        mobile: mobile ?? null,
        email: contactIn.email === undefined ? lead.email : (optText(contactIn.email) ?? null),
        wechat: lead.wechat,
        // The person's marketing consent travels with them: same answer, time and channel.
        marketingConsent: lead.marketingConsent,
        marketingConsentAt: lead.marketingConsentAt,
        marketingConsentChannel: lead.marketingConsentChannel,
        // The contact follows its customer's ownership (contacts are scoped through the customer).
        ownerId: customer.ownerId,
        unitId: customer.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const contact = contactRow!;
    await auditChange(tx, ctx, {
      entity: 'contact',
      entityId: contact.id,
      before: null,
      after: contact,
      fields: CONTACT_AUDIT_FIELDS,
      at: now,
    });

    let dealId: string | null = null;
    if (input.deal) {
      let stageId: string | undefined;
      if (input.deal.stageKey !== undefined) {
        const stages = await ensureDefaultPipeline(tx, ctx.actor.orgId, now);
        const stage = stages.find((s) => s.key === input.deal?.stageKey && s.active);
        if (!stage) {
          throw new Invalid('No such pipeline stage.', [
            { path: 'deal.stageKey', message: 'no active stage with this key' },
          ]);
        }
        stageId = stage.id;
      }
      try {
        const deal = await createDeal(
          ctx,
          {
            name: input.deal.name,
            customerId: customer.id,
            stageId,
            amount: input.deal.amount,
            expectedCloseDate: input.deal.expectedCloseDate ?? null,
            ownerId: lead.ownerId,
            leadId: lead.id,
            contactIds: [contact.id],
          },
          tx,
        );
        dealId = deal.id;
      } catch (e) {
        throw e instanceof DomainError ? repath('deal', e) : e;
      }
    }

    const [leadRow] = await tx
      .update(leads)
      .set({
        status: 'converted',
        convertedAt: now,
        convertedCustomerId: customer.id,
        convertedContactId: contact.id,
        convertedDealId: dealId,
        version: lead.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(leads.orgId, ctx.actor.orgId), eq(leads.id, id)))
      .returning();
    const updated = leadRow!;
    await auditChange(tx, ctx, {
      entity: 'lead',
      entityId: id,
      before: lead,
      after: updated,
      fields: LEAD_AUDIT_FIELDS,
      at: now,
    });
    const settings = await getSalesSettings(tx, ctx.actor.orgId);
    return {
      lead: withSla(updated, now, settings.leadSlaHours),
      customerId: customer.id,
      customerCreated,
      contactId: contact.id,
      dealId,
    };
  });
}
