import { Forbidden, RuleViolated } from '../../core/errors.ts';
import type { BantLevel } from '../../core/leads/index.ts';
import { leads } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { consentPatch, refuseMaskedValues } from '../personal-data/consent.ts';
import { getSalesSettings } from '../settings/get-sales-settings.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import type { CreateLeadInput } from './create-lead.ts';
import {
  cleanLeadMobile,
  findLeadInScope,
  LEAD_AUDIT_FIELDS,
  type LeadWithSla,
  optText,
  ownerInScope,
  scoreLead,
  withSla,
} from './lead-fields.ts';

/** Any of a new lead's fields; the ones sent change (PATCH). */
export type UpdateLeadInput = { [K in keyof CreateLeadInput]?: CreateLeadInput[K] | undefined };

const TEXT_FIELDS = ['company', 'title', 'email', 'wechat', 'region', 'city', 'industry', 'notes'] as const;

/**
 * PATCH semantics: only sent fields change; score and grade are recomputed from the (new) BANT
 * answers with the org's current configuration. Status changes go through changeLeadStatus;
 * a converted lead is closed and cannot be edited (422). Reassigning (ownerId) is for managers and
 * whole-org roles, within their scope; the lead's unit follows the new owner.
 */
export async function updateLead(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: UpdateLeadInput,
): Promise<LeadWithSla> {
  refuseMaskedValues(input);
  const mobile = cleanLeadMobile(input.mobile);
  const consent = consentPatch(input, ctx.now());
  return ctx.db.transaction(async (tx) => {
    const current = await findLeadInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('lead', current, version);
    assertCan(ctx.actor, 'sales.write');
    if (current.status === 'converted') {
      throw new RuleViolated('A converted lead is closed; edit the customer, contact or deal instead.');
    }
    const patch: Partial<typeof leads.$inferInsert> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
    }
    for (const f of TEXT_FIELDS) {
      const v = optText(input[f]);
      if (v !== undefined) {
        patch[f] = v;
      }
    }
    if (mobile !== undefined) {
      patch.mobile = mobile;
    }
    Object.assign(patch, consent);
    if (input.sourceChannel !== undefined) {
      patch.sourceChannel = input.sourceChannel;
    }
    if (input.budgetAmount !== undefined) {
      patch.budgetAmount = input.budgetAmount;
    }
    if (input.ownerId !== undefined && input.ownerId !== current.ownerId) {
      if (ctx.actor.role === 'rep') {
        throw new Forbidden('A rep cannot reassign a lead.', [{ path: 'ownerId', message: 'not allowed' }]);
      }
      const u = await ownerInScope(tx, ctx.actor, input.ownerId);
      patch.ownerId = u.id;
      patch.unitId = u.unitId;
    }
    const answers = {
      bantBudget: input.bantBudget ?? (current.bantBudget as BantLevel),
      bantAuthority: input.bantAuthority ?? (current.bantAuthority as BantLevel),
      bantNeed: input.bantNeed ?? (current.bantNeed as BantLevel),
      bantTimeline: input.bantTimeline ?? (current.bantTimeline as BantLevel),
    };
    const settings = await getSalesSettings(tx, ctx.actor.orgId);
    Object.assign(patch, answers, scoreLead(answers, settings.bantConfig));
    const now = ctx.now();
    const updated = await saveVersioned(tx, ctx, leads, current, patch, now, {
      entity: 'lead',
      fields: LEAD_AUDIT_FIELDS,
    });
    return withSla(updated, now, settings.leadSlaHours);
  });
}
