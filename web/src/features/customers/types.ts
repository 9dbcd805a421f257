export interface Customer {
  id: string;
  name: string;
  creditCode: string | null;
  industry: string | null;
  size: string | null;
  region: string | null;
  city: string | null;
  channel: string;
  source: string | null;
  tier: string;
  lifecycle: string;
  tags: string[];
  budgetCycle: string | null;
  decisionProcess: string | null;
  painPoints: string | null;
  ownerId: string;
  ownerName: string | null;
  unitId: string;
  mergedIntoId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DuplicateCandidate {
  id: string;
  name: string;
  creditCode: string | null;
  ownerName: string;
  inScope: boolean;
}

export interface RelationshipMap {
  nodes: {
    id: string;
    name: string;
    title: string | null;
    decisionRole: string | null;
    attitude: string | null;
  }[];
  edges: { from: string; to: string }[];
}
