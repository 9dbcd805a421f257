import { z } from 'zod';
import { CONSENT_CHANNELS } from '../../services/personal-data/consent.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Consent and erasure fields shared by the Contact and Lead schemas. */
export const consentSchema = {
  /** Agreed to be contacted for marketing: true, false (refused or withdrawn), null (never asked). */
  marketingConsent: z.boolean().nullable(),
  /** When the answer was given (or withdrawn). */
  marketingConsentAt: z.string().nullable(),
  marketingConsentChannel: z.enum(CONSENT_CHANNELS).nullable(),
  /** When an admin erased this person's personal data; the record stays, anonymised. */
  erasedAt: z.string().nullable(),
  /** True when some personal field is shown masked to this reader. */
  personalDataMasked: z.boolean(),
  /** True when this reader may show them on purpose (POST …/personal-data; audited). */
  personalDataRevealable: z.boolean(),
};

export function presentConsent(
  r: {
    marketingConsent: boolean | null;
    marketingConsentAt: Date | null;
    marketingConsentChannel: string | null;
    erasedAt: Date | null;
  },
  personal: { masked: boolean; revealable: boolean },
) {
  return {
    marketingConsent: r.marketingConsent,
    marketingConsentAt: iso(r.marketingConsentAt),
    marketingConsentChannel: r.marketingConsentChannel as (typeof CONSENT_CHANNELS)[number] | null,
    erasedAt: iso(r.erasedAt),
    personalDataMasked: personal.masked,
    personalDataRevealable: personal.revealable,
  };
}
