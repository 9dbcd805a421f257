import type { Schemas } from '../../app/api-types.ts';

/** Consent and erasure fields of a contact or lead (docs/personal-data.md). */
export type PersonalDataFields = Pick<
  Schemas['Contact'],
  | 'marketingConsent'
  | 'marketingConsentAt'
  | 'marketingConsentChannel'
  | 'erasedAt'
  | 'personalDataMasked'
  | 'personalDataRevealable'
>;

export type PersonEntity = Schemas['RevealedPersonalData']['entity'];
export type RevealedPersonalData = Schemas['RevealedPersonalData'];
export type PrivacySettings = Schemas['PrivacySettings'];

export type AccessLevel = PrivacySettings['personalDataAccess']['director'];
/** The choices of the privacy settings page; `satisfies` keeps them to the API's levels. */
export const ACCESS_LEVELS = ['masked', 'on_request', 'full'] as const satisfies readonly AccessLevel[];

type ConsentChannel = NonNullable<PersonalDataFields['marketingConsentChannel']>;
/** The consent form's channels; `satisfies` keeps them to the API's list. */
export const CONSENT_CHANNELS = [
  'web_form',
  'phone',
  'email',
  'wechat',
  'in_person',
  'paper',
  'event',
  'other',
] as const satisfies readonly ConsentChannel[];
