import { and, eq } from 'drizzle-orm';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import { leads } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { getSalesSettings } from '../settings/get-sales-settings.ts';
import { checkVersion } from '../versioning.ts';
import {
  findLeadInScope,
  LEAD_AUDIT_FIELDS,
  type LeadStatus,
  type LeadWithSla,
  withSla,
} from './lead-fields.ts';

/** Statuses a user may set by hand; `converted` is reached only through convertLead. */
export type SettableLeadStatus = Exclude<LeadStatus, 'converted' | 'new'>;
export const SETTABLE_LEAD_STATUSES = ['working', 'qualified', 'disqualified'] as const;

/**
 * Allowed manual moves (docs/leads.md): new → working | disqualified; working → qualified |
 * disqualified; qualified → working | disqualified; disqualified → working (reopen). A lead must be
 * worked before it can be qualified; a converted lead is final.
 */
export const LEAD_TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['working', 'disqualified'],
  working: ['qualified', 'disqualified'],
  qualified: ['working', 'disqualified'],
  disqualified: ['working'],
  converted: [],
};

export async function changeLeadStatus(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: { status: SettableLeadStatus; reason?: string | undefined },
): Promise<LeadWithSla> {
  const reason = input.reason?.trim() ?? '';
  if (input.status === 'disqualified' && reason === '') {
    throw new Invalid('Say why the lead is disqualified.', [
      { path: 'reason', message: 'required when disqualifying a lead' },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const current = await findLeadInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('lead', current, version);
    assertCan(ctx.actor, 'sales.write');
    const from = current.status as LeadStatus;
    if (!LEAD_TRANSITIONS[from].includes(input.status)) {
      throw new RuleViolated(`A ${from} lead cannot become ${input.status}.`, [
        {
          path: 'status',
          message: `allowed from ${from}: ${LEAD_TRANSITIONS[from].join(', ') || 'none'}`,
        },
      ]);
    }
    const now = ctx.now();
    const [row] = await tx
      .update(leads)
      .set({
        status: input.status,
        disqualifyReason: input.status === 'disqualified' ? reason : null,
        version: current.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(leads.orgId, ctx.actor.orgId), eq(leads.id, id)))
      .returning();
    const updated = row!;
    await auditChange(tx, ctx, {
      entity: 'lead',
      entityId: id,
      before: current,
      after: updated,
      fields: LEAD_AUDIT_FIELDS,
      at: now,
    });
    const settings = await getSalesSettings(tx, ctx.actor.orgId);
    return withSla(updated, now, settings.leadSlaHours);
  });
}
