import { z } from 'zod';
import {
  CUSTOMER_CHANNELS,
  CUSTOMER_LIFECYCLES,
  CUSTOMER_SIZES,
  CUSTOMER_TIERS,
} from '../../services/customers/customer-fields.ts';
import type { TimelineItem } from '../../services/customers/customer-timeline.ts';
import type { CustomerWithOwner } from '../../services/customers/get-customer.ts';

export const customerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    creditCode: z.string().nullable(),
    industry: z.string().nullable(),
    size: z.enum(CUSTOMER_SIZES).nullable(),
    region: z.string().nullable(),
    city: z.string().nullable(),
    channel: z.enum(CUSTOMER_CHANNELS),
    source: z.string().nullable(),
    tier: z.enum(CUSTOMER_TIERS),
    lifecycle: z.enum(CUSTOMER_LIFECYCLES),
    tags: z.array(z.string()),
    budgetCycle: z.string().nullable(),
    decisionProcess: z.string().nullable(),
    painPoints: z.string().nullable(),
    ownerId: z.string(),
    ownerName: z.string().nullable(),
    unitId: z.string(),
    mergedIntoId: z.string().nullable(),
    /** An open installment 91+ days overdue (receivables aging bucket d90_plus). */
    creditRisk: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });

export type CustomerOut = z.infer<typeof customerSchema>;

/** The public shape of a customer (the name key is an internal index, not shown). */
export function presentCustomer(
  c:
    | CustomerWithOwner
    | (Omit<CustomerWithOwner, 'ownerName' | 'creditRisk'> & {
        ownerName?: string | null;
        creditRisk?: boolean;
      }),
): CustomerOut {
  return {
    id: c.id,
    name: c.name,
    creditCode: c.creditCode,
    industry: c.industry,
    size: c.size as CustomerOut['size'],
    region: c.region,
    city: c.city,
    channel: c.channel as CustomerOut['channel'],
    source: c.source,
    tier: c.tier as CustomerOut['tier'],
    lifecycle: c.lifecycle as CustomerOut['lifecycle'],
    tags: c.tags,
    budgetCycle: c.budgetCycle,
    decisionProcess: c.decisionProcess,
    painPoints: c.painPoints,
    ownerId: c.ownerId,
    ownerName: c.ownerName ?? null,
    unitId: c.unitId,
    mergedIntoId: c.mergedIntoId,
    creditRisk: c.creditRisk ?? false,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const mergeResultSchema = z
  .object({
    customer: customerSchema,
    moved: z.object({
      contacts: z.number().int(),
      deals: z.number().int(),
      activities: z.number().int(),
      tasks: z.number().int(),
      leads: z.number().int(),
    }),
  })
  .meta({ id: 'CustomerMergeResult' });

export const timelineItemSchema = z
  .object({
    kind: z.enum(['activity', 'stage_change', 'task', 'note', 'created']),
    id: z.string(),
    at: z.string(),
    title: z.string(),
    detail: z.string().nullable(),
    userId: z.string().nullable(),
    dealId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineItem' });

export const timelineSchema = z
  .object({ items: z.array(timelineItemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CustomerTimeline' });

export function presentTimelineItem(i: TimelineItem): z.infer<typeof timelineItemSchema> {
  return { ...i, at: i.at.toISOString() };
}

export const relationshipMapSchema = z
  .object({
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        title: z.string().nullable(),
        decisionRole: z.string().nullable(),
        attitude: z.string().nullable(),
      }),
    ),
    edges: z.array(z.object({ from: z.string(), to: z.string() })),
  })
  .meta({ id: 'RelationshipMap' });
