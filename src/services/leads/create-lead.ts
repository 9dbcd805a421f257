import { Forbidden } from '../../core/errors.ts';
import type { BantLevel } from '../../core/leads/index.ts';
import { leads } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { type ConsentInput, consentPatch, refuseMaskedValues } from '../personal-data/consent.ts';
import { getSalesSettings } from '../settings/get-sales-settings.ts';
import { assignLeadOwner } from './assign-leads.ts';
import {
  cleanLeadMobile,
  LEAD_AUDIT_FIELDS,
  type LeadWithSla,
  optText,
  ownerInScope,
  type SourceChannel,
  scoreLead,
  withSla,
} from './lead-fields.ts';

export interface CreateLeadInput extends ConsentInput {
  name: string;
  company?: string | null | undefined;
  title?: string | null | undefined;
  mobile?: string | null | undefined;
  email?: string | null | undefined;
  wechat?: string | null | undefined;
  sourceChannel?: SourceChannel | undefined;
  region?: string | null | undefined;
  city?: string | null | undefined;
  industry?: string | null | undefined;
  bantBudget?: BantLevel | undefined;
  bantAuthority?: BantLevel | undefined;
  bantNeed?: BantLevel | undefined;
  bantTimeline?: BantLevel | undefined;
  budgetAmount?: number | null | undefined;
  notes?: string | null | undefined;
  ownerId?: string | undefined;
}

/**
 * Creates a lead, scored from its BANT answers with the org's configuration. Owner: a rep who
 * creates a lead owns it (rules are for leads nobody has claimed yet); a manager or whole-org role
 * may name an owner within their scope; otherwise the org's assignment rules decide, falling back
 * to the creator.
 */
export async function createLead(ctx: ServiceContext, input: CreateLeadInput): Promise<LeadWithSla> {
  assertCan(ctx.actor, 'sales.write');
  if (input.ownerId !== undefined && ctx.actor.role === 'rep' && input.ownerId !== ctx.actor.userId) {
    throw new Forbidden('A rep cannot create a lead for someone else.', [
      { path: 'ownerId', message: 'reps own the leads they create' },
    ]);
  }
  refuseMaskedValues(input);
  const mobile = cleanLeadMobile(input.mobile) ?? null;
  const consent = consentPatch(input, ctx.now());
  return ctx.db.transaction(async (tx) => {
    const settings = await getSalesSettings(tx, ctx.actor.orgId);
    const answers = {
      bantBudget: input.bantBudget ?? 'none',
      bantAuthority: input.bantAuthority ?? 'none',
      bantNeed: input.bantNeed ?? 'none',
      bantTimeline: input.bantTimeline ?? 'none',
    } as const;
    const { score, grade } = scoreLead(answers, settings.bantConfig);
    const region = optText(input.region) ?? null;
    const industry = optText(input.industry) ?? null;
    let owner: { ownerId: string; unitId: string };
    if (ctx.actor.role === 'rep') {
      owner = { ownerId: ctx.actor.userId, unitId: ctx.actor.unitId };
    } else if (input.ownerId !== undefined) {
      const u = await ownerInScope(tx, ctx.actor, input.ownerId);
      owner = { ownerId: u.id, unitId: u.unitId };
    } else {
      owner = await assignLeadOwner({
        db: tx,
        orgId: ctx.actor.orgId,
        lead: { region, industry },
        fallback: { ownerId: ctx.actor.userId, unitId: ctx.actor.unitId },
      });
    }
    const now = ctx.now();
    const [row] = await tx
      .insert(leads)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        name: input.name.trim(),
        company: optText(input.company) ?? null,
        title: optText(input.title) ?? null,
        mobile,
        email: optText(input.email) ?? null,
        wechat: optText(input.wechat) ?? null,
        sourceChannel: input.sourceChannel ?? 'other',
        region,
        city: optText(input.city) ?? null,
        industry,
        ...answers,
        budgetAmount: input.budgetAmount ?? null,
        score,
        grade,
        status: 'new',
        notes: optText(input.notes) ?? null,
        ...consent,
        ownerId: owner.ownerId,
        unitId: owner.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const lead = row!;
    await auditChange(tx, ctx, {
      entity: 'lead',
      entityId: lead.id,
      before: null,
      after: lead,
      fields: LEAD_AUDIT_FIELDS,
      at: now,
    });
    return withSla(lead, now, settings.leadSlaHours);
  });
}
