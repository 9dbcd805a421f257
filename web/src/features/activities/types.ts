export interface Activity {
  id: string;
  type: string;
  subject: string;
  notes: string | null;
  occurredAt: string;
  durationMinutes: number | null;
  outcome: string | null;
  nextStep: string | null;
  customerId: string | null;
  customerName?: string | null;
  contactId: string | null;
  dealId: string | null;
  dealName?: string | null;
  leadId: string | null;
  ownerId: string;
  ownerName?: string | null;
  version: number;
  createdAt: string;
}

export interface ActivityLinks {
  customerId?: string | null;
  contactId?: string | null;
  dealId?: string | null;
  leadId?: string | null;
}
