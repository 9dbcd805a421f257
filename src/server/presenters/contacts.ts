import { z } from 'zod';
import type { contacts } from '../../db/schema/index.ts';
import { maskPersonalFields, type PersonalDataReader } from '../../policies/personal-data.ts';
import { ATTITUDES, DECISION_ROLES } from '../../services/contacts/contact-fields.ts';
import { consentSchema, presentConsent } from './personal-data.ts';

export const contactSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    wechat: z.string().nullable(),
    decisionRole: z.enum(DECISION_ROLES).nullable(),
    attitude: z.enum(ATTITUDES).nullable(),
    reportsToId: z.string().nullable(),
    ...consentSchema,
    ownerId: z.string(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });

type ContactOut = z.infer<typeof contactSchema>;

/** A contact as the reader may see it: personal fields masked unless `reader` sees them (DESIGN §10). */
export function presentContact(reader: PersonalDataReader, c: typeof contacts.$inferSelect): ContactOut {
  const personal = maskPersonalFields(reader, c);
  return {
    id: c.id,
    customerId: c.customerId,
    name: c.name,
    title: c.title,
    ...personal.values,
    decisionRole: c.decisionRole as ContactOut['decisionRole'],
    attitude: c.attitude as ContactOut['attitude'],
    reportsToId: c.reportsToId,
    ...presentConsent(c, personal),
    ownerId: c.ownerId,
    unitId: c.unitId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
