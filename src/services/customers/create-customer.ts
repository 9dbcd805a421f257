import { sql } from 'drizzle-orm';
import { customerNameKey } from '../../core/customers/index.ts';
import type { Queryable } from '../../db/client.ts';
import { customers } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import {
  CUSTOMER_AUDIT_FIELDS,
  type CustomerChannel,
  type CustomerLifecycle,
  type CustomerSize,
  type CustomerTier,
  cleanCreditCode,
  cleanTags,
  cleanText,
  resolveOwner,
} from './customer-fields.ts';
import { assertNoDuplicate } from './find-duplicate-customers.ts';
import { withOwnerName } from './get-customer.ts';

export interface CustomerInput {
  name: string;
  creditCode?: string | null | undefined;
  industry?: string | null | undefined;
  size?: CustomerSize | null | undefined;
  region?: string | null | undefined;
  city?: string | null | undefined;
  channel?: CustomerChannel | undefined;
  source?: string | null | undefined;
  tier?: CustomerTier | undefined;
  lifecycle?: CustomerLifecycle | undefined;
  tags?: string[] | undefined;
  budgetCycle?: string | null | undefined;
  decisionProcess?: string | null | undefined;
  painPoints?: string | null | undefined;
  ownerId?: string | undefined;
}

/**
 * Serialises duplicate checks of one name key (and credit code) in an org, so two people creating
 * the same company at once cannot both pass the check.
 */
export async function lockCustomerIdentity(
  db: Queryable,
  orgId: string,
  nameKey: string,
  creditCode: string | null,
) {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`salesops:customer-name:${orgId}:${nameKey}`}))`,
  );
  if (creditCode) {
    await db.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`salesops:customer-code:${orgId}:${creditCode}`}))`,
    );
  }
}

/**
 * Creates a customer after the org-wide duplicate check (same credit code → always 409; same
 * normalised name → 409 unless `force`).
 */
export async function createCustomer(ctx: ServiceContext, input: CustomerInput, { force = false } = {}) {
  assertCan(ctx.actor, 'sales.write');
  const name = input.name.trim();
  const creditCode = cleanCreditCode(input.creditCode) ?? null;
  const tags = cleanTags(input.tags) ?? [];
  const nameKey = customerNameKey(name);
  return ctx.db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.ownerId);
    await lockCustomerIdentity(tx, ctx.actor.orgId, nameKey, creditCode);
    await assertNoDuplicate(tx, ctx.actor, { name, creditCode, force });
    const now = ctx.now();
    const [row] = await tx
      .insert(customers)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        name,
        nameKey,
        creditCode,
        industry: cleanText(input.industry) ?? null,
        size: input.size ?? null,
        region: cleanText(input.region) ?? null,
        city: cleanText(input.city) ?? null,
        channel: input.channel ?? 'direct',
        source: cleanText(input.source) ?? null,
        tier: input.tier ?? 'normal',
        lifecycle: input.lifecycle ?? 'prospect',
        tags,
        budgetCycle: cleanText(input.budgetCycle) ?? null,
        decisionProcess: cleanText(input.decisionProcess) ?? null,
        painPoints: cleanText(input.painPoints) ?? null,
        ownerId: owner.ownerId,
        unitId: owner.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const created = row!;
    await auditChange(tx, ctx, {
      entity: 'customer',
      entityId: created.id,
      before: null,
      after: created,
      fields: CUSTOMER_AUDIT_FIELDS,
      at: now,
    });
    return withOwnerName(tx, created);
  });
}
