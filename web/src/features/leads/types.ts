import type { PersonalDataFields } from '../privacy/types.ts';

export interface Lead extends PersonalDataFields {
  id: string;
  name: string;
  company: string | null;
  title: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  sourceChannel: string;
  region: string | null;
  city: string | null;
  industry: string | null;
  bant: { budget: string; authority: string; need: string; timeline: string };
  budgetAmount: number | null;
  score: number;
  grade: string;
  status: string;
  disqualifyReason: string | null;
  firstContactedAt: string | null;
  slaBreached: boolean;
  convertedAt: string | null;
  convertedCustomerId: string | null;
  convertedContactId: string | null;
  convertedDealId: string | null;
  notes: string | null;
  ownerId: string;
  unitId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
