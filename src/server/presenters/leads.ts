import { z } from 'zod';
import { maskPersonalFields, type PersonalDataReader } from '../../policies/personal-data.ts';
import type { ConversionResult } from '../../services/leads/convert-lead.ts';
import type { LeadWithSla } from '../../services/leads/lead-fields.ts';
import type { AssignmentRule } from '../../services/leads/manage-assignment-rules.ts';
import type { SalesSettings } from '../../services/settings/get-sales-settings.ts';
import { consentSchema, presentConsent } from './personal-data.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const leadSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    wechat: z.string().nullable(),
    sourceChannel: z.string(),
    region: z.string().nullable(),
    city: z.string().nullable(),
    industry: z.string().nullable(),
    bant: z.object({
      budget: z.string(),
      authority: z.string(),
      need: z.string(),
      timeline: z.string(),
    }),
    /** Minor units of the org currency. */
    budgetAmount: z.number().int().nullable(),
    score: z.number().int(),
    grade: z.string(),
    status: z.string(),
    disqualifyReason: z.string().nullable(),
    firstContactedAt: z.string().nullable(),
    slaBreached: z.boolean(),
    convertedAt: z.string().nullable(),
    convertedCustomerId: z.string().nullable(),
    convertedContactId: z.string().nullable(),
    convertedDealId: z.string().nullable(),
    notes: z.string().nullable(),
    ...consentSchema,
    ownerId: z.string(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Lead' });

/** A lead as the reader may see it: personal fields masked unless `reader` sees them (DESIGN §10). */
export function presentLead(reader: PersonalDataReader, l: LeadWithSla): z.infer<typeof leadSchema> {
  const personal = maskPersonalFields(reader, l);
  return {
    id: l.id,
    name: l.name,
    company: l.company,
    title: l.title,
    ...personal.values,
    sourceChannel: l.sourceChannel,
    region: l.region,
    city: l.city,
    industry: l.industry,
    bant: { budget: l.bantBudget, authority: l.bantAuthority, need: l.bantNeed, timeline: l.bantTimeline },
    budgetAmount: l.budgetAmount,
    score: l.score,
    grade: l.grade,
    status: l.status,
    disqualifyReason: l.disqualifyReason,
    firstContactedAt: iso(l.firstContactedAt),
    slaBreached: l.slaBreached,
    convertedAt: iso(l.convertedAt),
    convertedCustomerId: l.convertedCustomerId,
    convertedContactId: l.convertedContactId,
    convertedDealId: l.convertedDealId,
    notes: l.notes,
    ...presentConsent(l, personal),
    ownerId: l.ownerId,
    unitId: l.unitId,
    version: l.version,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

/** For a 412 body: the stored row has no SLA flag, so it is presented without one (false). */
export function presentLeadRow(reader: PersonalDataReader, l: Omit<LeadWithSla, 'slaBreached'>) {
  return presentLead(reader, { ...l, slaBreached: false });
}

export const conversionSchema = z
  .object({
    lead: leadSchema,
    customerId: z.string(),
    customerCreated: z.boolean(),
    contactId: z.string(),
    dealId: z.string().nullable(),
  })
  .meta({ id: 'LeadConversion' });

export function presentConversion(
  reader: PersonalDataReader,
  c: ConversionResult,
): z.infer<typeof conversionSchema> {
  return { ...c, lead: presentLead(reader, c.lead) };
}

export const assignmentRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    priority: z.number().int(),
    matchRegion: z.string().nullable(),
    matchIndustry: z.string().nullable(),
    unitId: z.string().nullable(),
    userId: z.string().nullable(),
    lastAssignedUserId: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'LeadAssignmentRule' });

export function presentAssignmentRule(r: AssignmentRule): z.infer<typeof assignmentRuleSchema> {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    priority: r.priority,
    matchRegion: r.matchRegion,
    matchIndustry: r.matchIndustry,
    unitId: r.unitId,
    userId: r.userId,
    lastAssignedUserId: r.lastAssignedUserId,
    active: r.active,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const label = z.object({ 'zh-CN': z.string(), en: z.string() });
export const salesSettingsSchema = z
  .object({
    leadSlaHours: z.number().int(),
    bantConfig: z.object({
      weights: z.object({
        budget: z.number(),
        authority: z.number(),
        need: z.number(),
        timeline: z.number(),
      }),
      partialCreditPct: z.number(),
      gradeThresholds: z.object({ A: z.number(), B: z.number(), C: z.number() }),
    }),
    tierLabels: z.object({ vip: label, key: label, normal: label, long_tail: label }),
    /** 0 until the org first saves its settings (send If-Match: 0 then). */
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'SalesSettings' });

export function presentSalesSettings(s: SalesSettings): z.infer<typeof salesSettingsSchema> {
  return {
    leadSlaHours: s.leadSlaHours,
    bantConfig: s.bantConfig,
    tierLabels: s.tierLabels,
    version: s.version,
    updatedAt: iso(s.updatedAt),
  };
}
