/** Consent and erasure fields of a contact or lead (docs/personal-data.md). */
export interface PersonalDataFields {
  marketingConsent: boolean | null;
  marketingConsentAt: string | null;
  marketingConsentChannel: string | null;
  erasedAt: string | null;
  /** Some personal field is shown masked to this reader. */
  personalDataMasked: boolean;
}

export type PersonEntity = 'contact' | 'lead';

export interface RevealedPersonalData {
  entity: PersonEntity;
  id: string;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
}

export interface PrivacySettings {
  personalDataRoles: ('director' | 'sales_ops')[];
  version: number;
  updatedAt: string;
}

export const CONSENT_CHANNELS = [
  'web_form',
  'phone',
  'email',
  'wechat',
  'in_person',
  'paper',
  'event',
  'other',
] as const;
