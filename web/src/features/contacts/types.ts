import type { PersonalDataFields } from '../privacy/types.ts';

export interface Contact extends PersonalDataFields {
  id: string;
  customerId: string;
  customerName?: string | null;
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  decisionRole: string | null;
  attitude: string | null;
  reportsToId: string | null;
  ownerId: string;
  unitId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
