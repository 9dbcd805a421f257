import { z } from 'zod';
import type { Activity } from '../../services/activities/activity-fields.ts';

export const activitySchema = z
  .object({
    id: z.string(),
    type: z.string(),
    subject: z.string(),
    notes: z.string().nullable(),
    occurredAt: z.string(),
    durationMinutes: z.number().int().nullable(),
    outcome: z.string().nullable(),
    nextStep: z.string().nullable(),
    customerId: z.string().nullable(),
    contactId: z.string().nullable(),
    dealId: z.string().nullable(),
    leadId: z.string().nullable(),
    ownerId: z.string(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Activity' });

export function presentActivity(a: Activity): z.infer<typeof activitySchema> {
  return {
    id: a.id,
    type: a.type,
    subject: a.subject,
    notes: a.notes,
    occurredAt: a.occurredAt.toISOString(),
    durationMinutes: a.durationMinutes,
    outcome: a.outcome,
    nextStep: a.nextStep,
    customerId: a.customerId,
    contactId: a.contactId,
    dealId: a.dealId,
    leadId: a.leadId,
    ownerId: a.ownerId,
    unitId: a.unitId,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
