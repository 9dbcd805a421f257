import { Invalid } from '../../core/errors.ts';
import { looksMasked } from '../../core/personal-data/mask.ts';
import { PERSONAL_FIELD_NAMES } from '../../policies/personal-data.ts';

/** How a person gave (or withdrew) their marketing consent. */
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
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export interface ConsentInput {
  marketingConsent?: boolean | null | undefined;
  marketingConsentChannel?: ConsentChannel | null | undefined;
  /** ISO 8601; defaults to now when the answer is recorded. */
  marketingConsentAt?: string | null | undefined;
}

export interface ConsentColumns {
  marketingConsent: boolean | null;
  marketingConsentAt: Date | null;
  marketingConsentChannel: string | null;
}

/**
 * The consent columns to write for a create or PATCH, or undefined when none was sent. An answer
 * (true/false) is stamped with its time (sent, or now; never in the future); `true` needs the channel
 * it came through, so the record can prove it (PIPL art. 14); null resets to "never asked".
 */
export function consentPatch(input: ConsentInput, now: Date): ConsentColumns | undefined {
  const { marketingConsent, marketingConsentChannel, marketingConsentAt } = input;
  if (marketingConsent === undefined) {
    if (marketingConsentChannel !== undefined || marketingConsentAt !== undefined) {
      throw new Invalid('Send marketingConsent with its channel and time.', [
        { path: 'marketingConsent', message: 'required with marketingConsentChannel or marketingConsentAt' },
      ]);
    }
    return undefined;
  }
  if (marketingConsent === null) {
    return { marketingConsent: null, marketingConsentAt: null, marketingConsentChannel: null };
  }
  if (marketingConsent && !marketingConsentChannel) {
    throw new Invalid('Record the channel through which the person agreed.', [
      { path: 'marketingConsentChannel', message: 'required when marketingConsent is true' },
    ]);
  }
  const at = marketingConsentAt ? new Date(marketingConsentAt) : now;
  if (at.getTime() > now.getTime()) {
    throw new Invalid('The consent time cannot be in the future.', [
      { path: 'marketingConsentAt', message: 'cannot be in the future' },
    ]);
  }
  return {
    marketingConsent,
    marketingConsentAt: at,
    marketingConsentChannel: marketingConsentChannel ?? null,
  };
}

/**
 * Refuses a personal field whose value carries the mask pattern (138****5678): it was shown masked
 * and sent back, and storing it would overwrite the real value. `prefix` is the body path of the
 * fields ('' or 'contact.').
 */
export function refuseMaskedValues(input: object, prefix = ''): void {
  const values = input as Partial<Record<string, unknown>>;
  const bad = PERSONAL_FIELD_NAMES.filter((f) => looksMasked(values[f] as string | null | undefined));
  if (bad.length > 0) {
    throw new Invalid('A masked value cannot be saved; send only the fields you changed.', [
      ...bad.map((f) => ({ path: `${prefix}${f}`, message: 'is a masked value (contains ***)' })),
    ]);
  }
}
