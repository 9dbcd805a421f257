export interface Task {
  id: string;
  title: string;
  notes: string | null;
  assigneeId: string;
  unitId: string;
  dueAt: string;
  priority: string;
  status: string;
  milestone: boolean;
  remindAt: string | null;
  remindedAt: string | null;
  relatedType: RelatedType | null;
  relatedId: string | null;
  completedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const RELATED_TYPES = ['customer', 'contact', 'deal', 'lead'] as const;
export type RelatedType = (typeof RELATED_TYPES)[number];

/** The list endpoint and detail route of each record type a task can point at. */
export const RELATED_PATHS: Record<RelatedType, { api: string; page: string | null }> = {
  customer: { api: '/customers', page: '/customers' },
  contact: { api: '/contacts', page: null },
  deal: { api: '/deals', page: '/deals' },
  lead: { api: '/leads', page: '/leads' },
};

export interface MyDay {
  timezone: string;
  overdue: Task[];
  today: Task[];
  upcoming: Task[];
}
