import { and, eq } from 'drizzle-orm';
import { creditCodeProblem, normaliseCreditCode } from '../../core/customers/index.ts';
import { Forbidden, Invalid } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { type Actor, userScope } from '../../policies/scope.ts';

export const CUSTOMER_CHANNELS = ['direct', 'distributor', 'ecommerce'] as const;
export const CUSTOMER_TIERS = ['vip', 'key', 'normal', 'long_tail'] as const;
export const CUSTOMER_LIFECYCLES = [
  'prospect',
  'first_purchase',
  'repeat',
  'loyal',
  'strategic_partner',
] as const;
export const CUSTOMER_SIZES = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 30;

export type CustomerChannel = (typeof CUSTOMER_CHANNELS)[number];
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];
export type CustomerLifecycle = (typeof CUSTOMER_LIFECYCLES)[number];
export type CustomerSize = (typeof CUSTOMER_SIZES)[number];

/** Public, editable fields of a customer, audited on every change. */
export const CUSTOMER_AUDIT_FIELDS = [
  'name',
  'creditCode',
  'industry',
  'size',
  'region',
  'city',
  'channel',
  'source',
  'tier',
  'lifecycle',
  'tags',
  'budgetCycle',
  'decisionProcess',
  'painPoints',
  'ownerId',
  'unitId',
  'mergedIntoId',
] as const;

/** Fields a merge copies from the source when the target's are empty. */
export const MERGE_FILL_FIELDS = [
  'creditCode',
  'industry',
  'size',
  'region',
  'city',
  'source',
  'budgetCycle',
  'decisionProcess',
  'painPoints',
] as const;

/** A credit code as typed → its normalised form (null when empty); a bad checksum is a 400 on `creditCode`. */
export function cleanCreditCode(input: string | null | undefined): string | null | undefined {
  if (input === undefined) {
    return undefined;
  }
  if (input === null || input.trim() === '') {
    return null;
  }
  const code = normaliseCreditCode(input);
  const problem = creditCodeProblem(code);
  if (problem) {
    throw new Invalid(`The unified social credit code is not valid: ${problem}.`, [
      { path: 'creditCode', message: problem },
    ]);
  }
  return code;
}

/** Tags trimmed, de-duplicated, empty ones dropped; at most 20 of at most 30 characters. */
export function cleanTags(input: string[] | undefined): string[] | undefined {
  if (input === undefined) {
    return undefined;
  }
  const out: string[] = [];
  for (const [i, raw] of input.entries()) {
    const t = raw.trim();
    if (t.length > MAX_TAG_LENGTH) {
      throw new Invalid('A tag is too long.', [
        { path: `tags.${i}`, message: `must be at most ${MAX_TAG_LENGTH} characters` },
      ]);
    }
    if (t && !out.includes(t)) {
      out.push(t);
    }
  }
  if (out.length > MAX_TAGS) {
    throw new Invalid('Too many tags.', [{ path: 'tags', message: `at most ${MAX_TAGS} tags` }]);
  }
  return out;
}

/** Empty text → null, so "no value" has one representation. */
export function cleanText(input: string | null | undefined): string | null | undefined {
  if (input === undefined) {
    return undefined;
  }
  if (input === null) {
    return null;
  }
  const t = input.trim();
  return t === '' ? null : t;
}

/**
 * Owner and owning unit of a new or reassigned record: the actor by default; a rep may only name
 * themselves; others may name an active user inside their own user scope, whose unit becomes the
 * record's unit.
 */
export async function resolveOwner(
  db: Queryable,
  actor: Actor,
  ownerId: string | undefined,
): Promise<{ ownerId: string; unitId: string }> {
  if (ownerId === undefined || ownerId === actor.userId) {
    return { ownerId: actor.userId, unitId: actor.unitId };
  }
  if (actor.role === 'rep') {
    throw new Forbidden('A rep may only own records themselves.', [
      { path: 'ownerId', message: 'a rep cannot assign records to others' },
    ]);
  }
  const [owner] = await db
    .select({ id: users.id, unitId: users.unitId, active: users.active })
    .from(users)
    .where(and(userScope(actor), eq(users.id, ownerId)))
    .limit(1);
  if (!owner?.active) {
    throw new Invalid('The owner must be an active user in your scope.', [
      { path: 'ownerId', message: 'no such active user in your scope' },
    ]);
  }
  return { ownerId: owner.id, unitId: owner.unitId };
}
