export interface Deal {
  id: string;
  name: string;
  customerId: string;
  customerName?: string | null;
  stageId: string;
  stageEnteredAt: string;
  amount: number;
  amountSource: string;
  expectedCloseDate: string | null;
  probabilityBp: number | null;
  effectiveProbabilityBp?: number;
  forecastCategory: string;
  status: string;
  closeReason: string | null;
  winningCompetitor: string | null;
  competitors: string[];
  nextStep: string | null;
  closedAt: string | null;
  leadId: string | null;
  ownerId: string;
  ownerName?: string | null;
  unitId: string;
  stale: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DealLine {
  id: string;
  productId: string;
  productName: string;
  productSku: string | null;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
}

export interface DealContact {
  contactId: string;
  name: string;
  title: string | null;
  decisionRole: string | null;
  role: string | null;
}

export interface Stage {
  id: string;
  key: string;
  nameZh: string;
  nameEn: string;
  position: number;
  probabilityBp: number;
  forecastCategory: string;
  slaDays: number | null;
  exitCriteria: string[];
  active: boolean;
}
