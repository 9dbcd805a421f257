import { sql } from 'drizzle-orm';
import { Invalid, PreconditionFailed } from '../../core/errors.ts';
import { type BantConfig, validateBantConfig } from '../../core/leads/index.ts';
import { diffFields } from '../../core/records.ts';
import { salesSettings } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { rescoreOpenLeads } from '../leads/rescore-open-leads.ts';
import { getSalesSettings, type SalesSettings, type TierLabels } from './get-sales-settings.ts';

export interface UpdateSalesSettingsInput {
  leadSlaHours?: number | undefined;
  bantConfig?: BantConfig | undefined;
  tierLabels?: Partial<TierLabels> | undefined;
}

const AUDIT_FIELDS = ['leadSlaHours', 'bantConfig', 'tierLabels'] as const;

/**
 * Changes the org's sales settings (admin, sales_ops). The row is created on first save: until
 * then the settings have version 0, so the first PATCH sends `If-Match: 0`. A changed BANT
 * configuration re-scores open leads in the same transaction.
 */
export async function updateSalesSettings(
  ctx: ServiceContext,
  version: number,
  input: UpdateSalesSettingsInput,
): Promise<SalesSettings> {
  assertCan(ctx.actor, 'sales_settings.write');
  if (input.bantConfig) {
    const details = validateBantConfig(input.bantConfig);
    if (details.length > 0) {
      throw new Invalid(
        `The BANT configuration is not valid: ${details.map((d) => d.message).join('; ')}`,
        details.map((d) => ({ path: `bantConfig.${d.path}`, message: d.message })),
      );
    }
  }
  const orgId = ctx.actor.orgId;
  return ctx.db.transaction(async (tx) => {
    // Serialise saves per org, including the very first one (no row to lock yet).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`salesops:sales-settings:${orgId}`}))`);
    const current = await getSalesSettings(tx, orgId);
    if (current.version !== version) {
      throw new PreconditionFailed(
        `The sales settings were changed by someone else (now version ${current.version}, you sent ${version}). Reload and try again.`,
        { entity: 'sales settings', row: current },
      );
    }
    const next = {
      leadSlaHours: input.leadSlaHours ?? current.leadSlaHours,
      bantConfig: input.bantConfig ?? current.bantConfig,
      tierLabels: { ...current.tierLabels, ...input.tierLabels },
    };
    const now = ctx.now();
    await tx
      .insert(salesSettings)
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
        target: salesSettings.orgId,
        set: { ...next, version: current.version + 1, updatedAt: now, updatedBy: ctx.actor.userId },
      });
    if (JSON.stringify(next.bantConfig) !== JSON.stringify(current.bantConfig)) {
      await rescoreOpenLeads(tx, orgId, next.bantConfig);
    }
    const changes = diffFields(
      current as unknown as Record<string, unknown>,
      next as unknown as Record<string, unknown>,
      AUDIT_FIELDS,
    );
    if (Object.keys(changes).length > 0) {
      await recordAudit({
        db: tx,
        orgId,
        actor: ctx.actor,
        action: current.version === 0 ? 'create' : 'update',
        entity: 'sales_settings',
        entityId: orgId,
        changes,
        meta: ctx.meta,
        at: now,
      });
    }
    return getSalesSettings(tx, orgId);
  });
}
