import type { Schemas } from '../../app/api-types.ts';

export type Task = Schemas['Task'];

export type RelatedType = NonNullable<Task['relatedType']>;
export const RELATED_TYPES = [
  'customer',
  'contact',
  'deal',
  'lead',
] as const satisfies readonly RelatedType[];

/** The list endpoint and detail route of each record type a task can point at. */
export const RELATED_PATHS: Record<RelatedType, { api: string; page: string | null }> = {
  customer: { api: '/customers', page: '/customers' },
  contact: { api: '/contacts', page: null },
  deal: { api: '/deals', page: '/deals' },
  lead: { api: '/leads', page: '/leads' },
};

export type MyDay = Schemas['MyDay'];
