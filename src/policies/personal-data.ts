import { maskValue, type PersonalKind } from '../core/personal-data/mask.ts';
import type { Actor } from './scope.ts';

/** Roles whose sight of personal data an admin sets (the org setting `personalDataAccess`). */
export const GRANTABLE_PERSONAL_DATA_ROLES = ['director', 'sales_ops'] as const;
export type GrantableRole = (typeof GRANTABLE_PERSONAL_DATA_ROLES)[number];
/**
 * masked: masked everywhere, no unmasking; on_request: masked everywhere, one record at a time
 * shown on purpose (audited); full: in full everywhere. Absent = masked.
 */
export const PERSONAL_DATA_ACCESS_LEVELS = ['masked', 'on_request', 'full'] as const;
export type PersonalDataAccessLevel = (typeof PERSONAL_DATA_ACCESS_LEVELS)[number];
export type PersonalDataAccess = Partial<Record<GrantableRole, PersonalDataAccessLevel>>;

/** The personal fields of contacts and leads, with how each is masked. */
export const PERSONAL_FIELDS = {
  mobile: 'phone',
  email: 'email',
  wechat: 'wechat',
} as const satisfies Record<string, PersonalKind>;
export type PersonalField = keyof typeof PERSONAL_FIELDS;
export const PERSONAL_FIELD_NAMES = Object.keys(PERSONAL_FIELDS) as PersonalField[];

/**
 * What a reader may see of contacts' and leads' personal data (docs/personal-data.md):
 * - `all`: admin (the org's data controller: erases, reads the audit trail, takes backups) and
 *   finance (invoicing and collection need the contact details), and director / sales-ops when the
 *   org setting gives their role `full`;
 * - `own`: a rep sees in full the records they own, a manager those owned inside their unit subtree
 *   (`units`); everything else they might meet is masked;
 * - `none`: director and sales-ops otherwise: masked everywhere; `mayReveal` (setting `on_request`)
 *   lets them show one record on purpose, audited.
 */
export type PersonalDataReader =
  | { sees: 'all' }
  | { sees: 'own'; userId: string; units: ReadonlySet<string> }
  | { sees: 'none'; mayReveal: boolean };

/** The reader rule as data: the org's grant and the manager's subtree are loaded by the caller. */
export function personalDataReader(
  actor: Actor,
  { access, subtreeUnitIds }: { access: PersonalDataAccess; subtreeUnitIds: readonly string[] },
): PersonalDataReader {
  switch (actor.role) {
    case 'admin':
    case 'finance':
      return { sees: 'all' };
    case 'director':
    case 'sales_ops':
      return access[actor.role] === 'full'
        ? { sees: 'all' }
        : { sees: 'none', mayReveal: access[actor.role] === 'on_request' };
    case 'manager':
      return { sees: 'own', userId: actor.userId, units: new Set(subtreeUnitIds) };
    case 'rep':
      return { sees: 'own', userId: actor.userId, units: new Set() };
  }
}

/** Whether the reader sees this record's personal data in full. */
export function seesPersonalData(
  reader: PersonalDataReader,
  record: { ownerId: string; unitId: string },
): boolean {
  switch (reader.sees) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return record.ownerId === reader.userId || reader.units.has(record.unitId);
  }
}

/** Whether the reader may show this record's personal data on purpose (the "show" button). */
export function mayRevealPersonalData(
  reader: PersonalDataReader,
  record: { ownerId: string; unitId: string },
) {
  return seesPersonalData(reader, record) || (reader.sees === 'none' && reader.mayReveal);
}

/** The reader that sees nothing in full: for places that do not know who reads. */
export const MASKED_READER: PersonalDataReader = { sees: 'none', mayReveal: false };

/**
 * A record's personal fields as the reader may see them, plus whether anything was masked. Only
 * non-empty values are masked; null stays null (so "no e-mail" stays visible as such).
 */
export function maskPersonalFields<
  T extends { ownerId: string; unitId: string } & Record<PersonalField, string | null>,
>(
  reader: PersonalDataReader,
  record: T,
): { values: Record<PersonalField, string | null>; masked: boolean; revealable: boolean } {
  const full = seesPersonalData(reader, record);
  const values = {} as Record<PersonalField, string | null>;
  let masked = false;
  for (const f of PERSONAL_FIELD_NAMES) {
    const v = record[f];
    if (full || v === null || v === '') {
      values[f] = v;
    } else {
      values[f] = maskValue(PERSONAL_FIELDS[f], v);
      masked = true;
    }
  }
  return { values, masked, revealable: masked && mayRevealPersonalData(reader, record) };
}
