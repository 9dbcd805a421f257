/** Consent and erasure fields of a contact or lead (docs/personal-data.md). */
export interface PersonalDataFields {
  marketingConsent: boolean | null;
  marketingConsentAt: string | null;
  marketingConsentChannel: string | null;
  erasedAt: string | null;
  /** Some personal field is shown masked to this reader. */
  personalDataMasked: boolean;
  /** This reader may show them on purpose (audited). */
  personalDataRevealable: boolean;
}

export type PersonEntity = 'contact' | 'lead';

export interface RevealedPersonalData {
  entity: PersonEntity;
  id: string;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
}

export const ACCESS_LEVELS = ['masked', 'on_request', 'full'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface PrivacySettings {
  personalDataAccess: { director: AccessLevel; sales_ops: AccessLevel };
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
