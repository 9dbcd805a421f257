import { NotFound } from '../../core/errors.ts';
import type { ServiceContext } from '../context.ts';
import { getSalesSettings } from '../settings/get-sales-settings.ts';
import { findLeadInScope, type LeadWithSla, withSla } from './lead-fields.ts';

/** One lead in the actor's scope (else 404), with its SLA flag at the app clock. */
export async function getLead(ctx: ServiceContext, id: string): Promise<LeadWithSla> {
  const row = await findLeadInScope(ctx.db, ctx.actor, id);
  if (!row) {
    throw new NotFound('No such lead.');
  }
  const settings = await getSalesSettings(ctx.db, ctx.actor.orgId);
  return withSla(row, ctx.now(), settings.leadSlaHours);
}
