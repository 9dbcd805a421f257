import { Forbidden, NotFound } from '../../core/errors.ts';
import {
  mayRevealPersonalData,
  PERSONAL_FIELD_NAMES,
  type PersonalField,
} from '../../policies/personal-data.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { findContactInScope } from '../contacts/get-contact.ts';
import type { ServiceContext } from '../context.ts';
import { findLeadInScope } from '../leads/lead-fields.ts';
import { loadPersonalDataReader } from './load-reader.ts';

export type PersonEntity = 'contact' | 'lead';

export interface RevealedPersonalData {
  entity: PersonEntity;
  id: string;
  values: Record<PersonalField, string | null>;
}

/**
 * Shows one record's personal fields in full, on purpose (the "show" button), to a reader with the
 * right to see them (policies/personal-data.ts: owner, managers over the owner, finance, admin, and
 * director/sales-ops when the org setting says `on_request` or `full`; others 403). Every reveal is audited with who, which
 * record and which fields, even for readers who would see them anyway, so the trail shows each
 * deliberate look.
 */
export async function revealPersonalData(
  ctx: ServiceContext,
  entity: PersonEntity,
  id: string,
): Promise<RevealedPersonalData> {
  return ctx.db.transaction(async (tx) => {
    const record =
      entity === 'contact'
        ? await findContactInScope(tx, ctx.actor, id)
        : await findLeadInScope(tx, ctx.actor, id);
    if (!record) {
      throw new NotFound(entity === 'contact' ? 'No such contact.' : 'No such lead.');
    }
    const reader = await loadPersonalDataReader(tx, ctx.actor);
    if (!mayRevealPersonalData(reader, record)) {
      throw new Forbidden(
        `Your role (${ctx.actor.role}) may not see this person's personal data; an admin can grant it in the privacy settings.`,
      );
    }
    const values = {} as Record<PersonalField, string | null>;
    for (const f of PERSONAL_FIELD_NAMES) {
      values[f] = record[f];
    }
    const shown = PERSONAL_FIELD_NAMES.filter((f) => values[f] !== null && values[f] !== '');
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'reveal',
      entity,
      entityId: id,
      changes: { fields: { before: null, after: shown } },
      meta: ctx.meta,
      at: ctx.now(),
    });
    return { entity, id, values };
  });
}
