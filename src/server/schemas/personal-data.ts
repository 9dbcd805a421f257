import { z } from 'zod';
import { CONSENT_CHANNELS } from '../../services/personal-data/consent.ts';
import { dateTimeText } from './common.ts';

/** Marketing consent fields of a contact or lead body (services/personal-data/consent.ts). */
export const consentFields = {
  marketingConsent: z.boolean().nullable().optional(),
  marketingConsentChannel: z.enum(CONSENT_CHANNELS).nullable().optional(),
  marketingConsentAt: dateTimeText.nullable().optional(),
};
