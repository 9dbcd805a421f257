import { z } from 'zod';
import type { contacts } from '../../db/schema/index.ts';
import { ATTITUDES, DECISION_ROLES } from '../../services/contacts/contact-fields.ts';

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
    ownerId: z.string(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });

type ContactOut = z.infer<typeof contactSchema>;

export function presentContact(c: typeof contacts.$inferSelect): ContactOut {
  return {
    id: c.id,
    customerId: c.customerId,
    name: c.name,
    title: c.title,
    mobile: c.mobile,
    email: c.email,
    wechat: c.wechat,
    decisionRole: c.decisionRole as ContactOut['decisionRole'],
    attitude: c.attitude as ContactOut['attitude'],
    reportsToId: c.reportsToId,
    ownerId: c.ownerId,
    unitId: c.unitId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
