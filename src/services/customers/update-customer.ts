import { and, eq } from 'drizzle-orm';
import { customerNameKey } from '../../core/customers/index.ts';
import { RuleViolated } from '../../core/errors.ts';
import { contacts, customers } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import type { CustomerInput } from './create-customer.ts';
import { lockCustomerIdentity } from './create-customer.ts';
import {
  CUSTOMER_AUDIT_FIELDS,
  cleanCreditCode,
  cleanTags,
  cleanText,
  resolveOwner,
} from './customer-fields.ts';
import { assertNoDuplicate } from './find-duplicate-customers.ts';
import { findCustomerInScope, withOwnerName } from './get-customer.ts';

export type UpdateCustomerInput = Partial<CustomerInput>;

/**
 * PATCH semantics: only the sent fields change. A rename or a new credit code runs the duplicate
 * check again; a new owner moves the record (and its contacts) to the owner's unit.
 */
export async function updateCustomer(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: UpdateCustomerInput,
  { force = false } = {},
) {
  return ctx.db.transaction(async (tx) => {
    const current = await findCustomerInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('customer', current, version);
    assertCan(ctx.actor, 'sales.write');
    if (current.mergedIntoId) {
      throw new RuleViolated('This customer was merged into another and can no longer change.', [
        { path: 'mergedIntoId', message: 'merged customers are read-only' },
      ]);
    }
    const patch: Partial<typeof customers.$inferInsert> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
      patch.nameKey = customerNameKey(patch.name);
    }
    const creditCode = cleanCreditCode(input.creditCode);
    if (creditCode !== undefined) {
      patch.creditCode = creditCode;
    }
    for (const key of [
      'industry',
      'region',
      'city',
      'source',
      'budgetCycle',
      'decisionProcess',
      'painPoints',
    ] as const) {
      const v = cleanText(input[key]);
      if (v !== undefined) {
        patch[key] = v;
      }
    }
    if (input.size !== undefined) {
      patch.size = input.size;
    }
    for (const key of ['channel', 'tier', 'lifecycle'] as const) {
      if (input[key] !== undefined) {
        patch[key] = input[key];
      }
    }
    const tags = cleanTags(input.tags);
    if (tags !== undefined) {
      patch.tags = tags;
    }
    if (input.ownerId !== undefined && input.ownerId !== current.ownerId) {
      const owner = await resolveOwner(tx, ctx.actor, input.ownerId);
      patch.ownerId = owner.ownerId;
      patch.unitId = owner.unitId;
    }
    const renamed = patch.nameKey !== undefined && patch.nameKey !== current.nameKey;
    const recoded =
      patch.creditCode !== undefined && patch.creditCode !== null && patch.creditCode !== current.creditCode;
    if (renamed || recoded) {
      const name = patch.name ?? current.name;
      const code = patch.creditCode === undefined ? current.creditCode : patch.creditCode;
      await lockCustomerIdentity(tx, ctx.actor.orgId, customerNameKey(name), code);
      // A rename only checks names when the name key changed; a new code always checks the code.
      await assertNoDuplicate(tx, ctx.actor, {
        name: renamed ? name : null,
        creditCode: recoded ? code : null,
        excludeId: id,
        force,
      });
    }
    const now = ctx.now();
    const updated = await saveVersioned(tx, ctx, customers, current, patch, now, {
      entity: 'customer',
      fields: CUSTOMER_AUDIT_FIELDS,
    });
    if (patch.ownerId !== undefined) {
      // A contact belongs to its customer's owner and unit (its scope follows the customer).
      await tx
        .update(contacts)
        .set({ ownerId: updated.ownerId, unitId: updated.unitId })
        .where(and(eq(contacts.orgId, ctx.actor.orgId), eq(contacts.customerId, id)));
    }
    return withOwnerName(tx, updated);
  });
}
