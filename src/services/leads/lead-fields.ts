import { and, eq, type SQL, sql } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import type { BantConfig, BantLevel } from '../../core/leads/index.ts';
import { scoreBant } from '../../core/leads/index.ts';
import { normaliseMobile } from '../../core/validation.ts';
import type { Queryable } from '../../db/client.ts';
import { leads, users } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, userScope } from '../../policies/scope.ts';

export const SOURCE_CHANNELS = [
  'content',
  'wechat',
  'weibo',
  'zhihu',
  'linkedin',
  'seo',
  'sem',
  'event',
  'referral',
  'other',
] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export const BANT_LEVELS = ['none', 'partial', 'full'] as const satisfies readonly BantLevel[];
export const LEAD_STATUSES = ['new', 'working', 'qualified', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_GRADES = ['A', 'B', 'C', 'D'] as const;

export const LEAD_AUDIT_FIELDS = [
  'marketingConsent',
  'marketingConsentAt',
  'marketingConsentChannel',
  'erasedAt',
  'name',
  'company',
  'title',
  'mobile',
  'email',
  'wechat',
  'sourceChannel',
  'region',
  'city',
  'industry',
  'bantBudget',
  'bantAuthority',
  'bantNeed',
  'bantTimeline',
  'budgetAmount',
  'score',
  'grade',
  'status',
  'disqualifyReason',
  'ownerId',
  'unitId',
  'notes',
  'convertedCustomerId',
  'convertedContactId',
  'convertedDealId',
] as const;

export type Lead = typeof leads.$inferSelect;
export type LeadWithSla = Lead & { slaBreached: boolean };

/** The lead inside the actor's scope (out of scope → undefined, i.e. 404), optionally locked. */
export async function findLeadInScope(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(leads)
    .where(and(ownedRecordScope(actor, leads), eq(leads.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/**
 * SLA breach (issue 3 §4): still `new`, never contacted, and older than the org's SLA hours at
 * `now`. One rule, used both as the list filter (SQL) and for the flag on each presented lead.
 */
export function slaBreachedSql(now: Date, slaHours: number): SQL {
  return sql`(${leads.status} = 'new' and ${leads.firstContactedAt} is null and ${leads.createdAt} < ${new Date(
    now.getTime() - slaHours * 3_600_000,
  )})`;
}

export function isSlaBreached(lead: Lead, now: Date, slaHours: number): boolean {
  return (
    lead.status === 'new' &&
    lead.firstContactedAt === null &&
    lead.createdAt.getTime() < now.getTime() - slaHours * 3_600_000
  );
}

export function withSla(lead: Lead, now: Date, slaHours: number): LeadWithSla {
  return { ...lead, slaBreached: isSlaBreached(lead, now, slaHours) };
}

export interface BantAnswers {
  bantBudget: BantLevel;
  bantAuthority: BantLevel;
  bantNeed: BantLevel;
  bantTimeline: BantLevel;
}

/** Score and grade of a lead's BANT answers under the org's configuration. */
export function scoreLead(answers: BantAnswers, config: BantConfig): { score: number; grade: string } {
  const { score, grade } = scoreBant(
    {
      budget: answers.bantBudget,
      authority: answers.bantAuthority,
      need: answers.bantNeed,
      timeline: answers.bantTimeline,
    },
    config,
  );
  return { score, grade };
}

/** A mobile number as stored: normalised, or 400 at `path`; empty → null. */
export function cleanLeadMobile(
  input: string | null | undefined,
  path = 'mobile',
): string | null | undefined {
  if (input === undefined || input === null) {
    return input;
  }
  if (input.trim() === '') {
    return null;
  }
  const m = normaliseMobile(input);
  if (!m) {
    throw new Invalid('The mobile number is not valid.', [
      { path, message: 'must be a mainland mobile (11 digits) or +country number' },
    ]);
  }
  return m;
}

/**
 * An explicit owner chosen by a manager or whole-org role: an active user inside the actor's user
 * scope (a manager's subtree). The record's unit is then the owner's unit.
 */
export async function ownerInScope(db: Queryable, actor: Actor, ownerId: string, path = 'ownerId') {
  const [u] = await db
    .select({ id: users.id, unitId: users.unitId })
    .from(users)
    .where(and(userScope(actor), eq(users.id, ownerId), eq(users.active, true)));
  if (!u) {
    throw new Invalid('The owner must be an active user within your scope.', [
      { path, message: 'no such active user in your scope' },
    ]);
  }
  return u;
}

/** Trimmed optional text: undefined stays undefined (not sent), empty → null. */
export function optText(v: string | null | undefined): string | null | undefined {
  if (v === undefined || v === null) {
    return v;
  }
  const t = v.trim();
  return t === '' ? null : t;
}
