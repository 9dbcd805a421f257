import type { RequestBodyOf, Schemas } from '../../app/api-types.ts';

export type Receipt = Schemas['Receipt'];
export type ReceiptDetail = Schemas['ReceiptDetail'];
export type AllocationPreview = Schemas['AllocationPreview'];
export type PaymentPlan = Schemas['PaymentPlan'];
export type Installment = Schemas['Installment'];
export type PlanPreview = Schemas['PaymentPlanPreview'];
export type ContractReceipt = Schemas['ContractReceipt'];
export type CustomerPrepayment = Schemas['CustomerPrepayment'];
export type RecordReceiptBody = RequestBodyOf<'/api/v1/receipts', 'post'>;
export type SavePlanBody = RequestBodyOf<'/api/v1/contracts/{id}/plan', 'put'>;
export type PlanPreviewBody = RequestBodyOf<'/api/v1/contracts/{id}/plan/preview', 'post'>;
export type AllocationInput = RequestBodyOf<'/api/v1/receipts/{id}/allocations', 'post'>;

export type ReceiptMethod = RecordReceiptBody['method'];
export const RECEIPT_METHODS = [
  'bank_transfer',
  'acceptance_bill',
  'cash',
  'online',
] as const satisfies readonly ReceiptMethod[];

export type InstallmentCondition = SavePlanBody['installments'][number]['condition'];
export const CONDITIONS = [
  'on_signing',
  'on_date',
  'on_delivery',
  'on_acceptance',
  'retention',
  'milestone',
] as const satisfies readonly InstallmentCondition[];

/** Conditions whose due date comes from the order (delivery / acceptance date + credit days). */
export const DATE_FROM_ORDER: readonly InstallmentCondition[] = ['on_delivery', 'on_acceptance'];

/** The usual plan templates (30/60/10 …): shares, conditions, days after signing (null: set by the order). */
export interface PlanTemplate {
  key: string;
  percents: number[];
  conditions: InstallmentCondition[];
  offsetDays: (number | null)[];
}

export const PLAN_TEMPLATES: PlanTemplate[] = [
  {
    key: '30-60-10',
    percents: [30, 60, 10],
    conditions: ['on_signing', 'on_delivery', 'on_acceptance'],
    offsetDays: [0, null, null],
  },
  { key: '30-70', percents: [30, 70], conditions: ['on_signing', 'on_acceptance'], offsetDays: [0, null] },
  { key: '100', percents: [100], conditions: ['on_signing'], offsetDays: [0] },
  {
    key: '40-50-10',
    percents: [40, 50, 10],
    conditions: ['on_signing', 'on_delivery', 'retention'],
    offsetDays: [0, null, 365],
  },
];

/** Who records receipts and edits plans (money.write on the server). */
export const MONEY_WRITERS = ['admin', 'finance'] as const;
