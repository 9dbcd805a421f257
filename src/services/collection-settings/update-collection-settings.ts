import { sql } from 'drizzle-orm';
import {
  type CollectionSettingsPatch,
  validateCollectionSettings,
} from '../../core/collection/validate-collection-settings.ts';
import { Invalid, PreconditionFailed } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import { collectionSettings } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import {
  type CollectionSettings,
  getCollectionSettings,
  type LadderRung,
} from './get-collection-settings.ts';

const AUDIT_FIELDS = [
  'contractNumberPrefix',
  'orderNumberPrefix',
  'reminderDaysBefore',
  'overdueLadder',
  'renewalLeadDays',
  'defaultCreditDays',
] as const;

/**
 * Changes the org's collection settings (admin, finance). The row is created on the first save: until
 * then the settings are the defaults at version 0, so the first PATCH sends `If-Match: 0`. A new
 * number prefix applies to numbers issued from now on; numbers already issued never change (the
 * per-year sequence carries on, so no number is issued twice).
 */
export async function updateCollectionSettings(
  ctx: ServiceContext,
  version: number,
  input: CollectionSettingsPatch,
): Promise<CollectionSettings> {
  assertCan(ctx.actor, 'collection_settings.write');
  const details = validateCollectionSettings(input);
  if (details.length > 0) {
    throw new Invalid(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  const orgId = ctx.actor.orgId;
  return ctx.db.transaction(async (tx) => {
    // Serialise saves per org, including the very first one (no row to lock yet).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`salesops:collection-settings:${orgId}`}))`);
    const current = await getCollectionSettings(tx, orgId);
    if (current.version !== version) {
      throw new PreconditionFailed(
        `The collection settings were changed by someone else (now version ${current.version}, you sent ${version}). Reload and try again.`,
        { entity: 'collection settings', row: current },
      );
    }
    const next = {
      contractNumberPrefix: input.contractNumberPrefix ?? current.contractNumberPrefix,
      orderNumberPrefix: input.orderNumberPrefix ?? current.orderNumberPrefix,
      reminderDaysBefore: [...(input.reminderDaysBefore ?? current.reminderDaysBefore)].sort((a, b) => b - a),
      overdueLadder: (input.overdueLadder ?? current.overdueLadder).map((r) => ({
        day: r.day,
        step: r.step,
      })) as LadderRung[],
      renewalLeadDays: input.renewalLeadDays ?? current.renewalLeadDays,
      defaultCreditDays: input.defaultCreditDays ?? current.defaultCreditDays,
    };
    const changes = diffFields(
      current as unknown as Record<string, unknown>,
      next as unknown as Record<string, unknown>,
      AUDIT_FIELDS,
    );
    if (Object.keys(changes).length === 0 && current.version > 0) {
      return current;
    }
    const now = ctx.now();
    await tx
      .insert(collectionSettings)
      .values({
        orgId,
        ...next,
        version: 1,
        createdAt: now,
        createdBy: ctx.actor.userId,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .onConflictDoUpdate({
        target: collectionSettings.orgId,
        set: { ...next, version: current.version + 1, updatedAt: now, updatedBy: ctx.actor.userId },
      });
    await recordAudit({
      db: tx,
      orgId,
      actor: ctx.actor,
      action: current.version === 0 ? 'create' : 'update',
      entity: 'collection_settings',
      entityId: orgId,
      changes,
      meta: ctx.meta,
      at: now,
    });
    return getCollectionSettings(tx, orgId);
  });
}
