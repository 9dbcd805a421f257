import { maskValue, type PersonalKind } from '../core/personal-data/mask.ts';
import type { Actor } from './scope.ts';

/** Roles an admin may grant full sight of personal data (the org setting `personalDataRoles`). */
export const GRANTABLE_PERSONAL_DATA_ROLES = ['director', 'sales_ops'] as const;
export type GrantableRole = (typeof GRANTABLE_PERSONAL_DATA_ROLES)[number];

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
 *   finance (invoicing and collection need the contact details), and a director or sales-ops user
 *   whose role the org setting grants;
 * - `own`: a rep sees in full the records they own, a manager those owned inside their unit subtree
 *   (`units`); everything else they might meet is masked;
 * - `none`: director and sales-ops without the grant: masked everywhere, and they may not unmask.
 */
export type PersonalDataReader =
  | { sees: 'all' }
  | { sees: 'own'; userId: string; units: ReadonlySet<string> }
  | { sees: 'none' };

/** The reader rule as data: the org's grant and the manager's subtree are loaded by the caller. */
export function personalDataReader(
  actor: Actor,
  { grantedRoles, subtreeUnitIds }: { grantedRoles: readonly string[]; subtreeUnitIds: readonly string[] },
): PersonalDataReader {
  switch (actor.role) {
    case 'admin':
    case 'finance':
      return { sees: 'all' };
    case 'director':
    case 'sales_ops':
      return grantedRoles.includes(actor.role) ? { sees: 'all' } : { sees: 'none' };
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

/** The reader that sees nothing in full: for places that do not know who reads (e.g. a 412 body). */
export const MASKED_READER: PersonalDataReader = { sees: 'none' };

/**
 * A record's personal fields as the reader may see them, plus whether anything was masked. Only
 * non-empty values are masked; null stays null (so "no e-mail" stays visible as such).
 */
export function maskPersonalFields<
  T extends { ownerId: string; unitId: string } & Record<PersonalField, string | null>,
>(reader: PersonalDataReader, record: T): { values: Record<PersonalField, string | null>; masked: boolean } {
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
  return { values, masked };
}
