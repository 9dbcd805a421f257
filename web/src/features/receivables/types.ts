import type { Schemas } from '../../app/api-types.ts';

export type AgingReport = Schemas['AgingReport'];
export type AgingRow = AgingReport['rows'][number];
export type AgingBucket = keyof AgingReport['totals']['buckets'];
export type ReceivableInstallment = Schemas['ReceivableInstallment'];
export type ReceivablesSummary = Schemas['ReceivablesSummary'];
export type MyCollections = Schemas['MyCollections'];
export type CollectionEvent = Schemas['CollectionEvent'];

export const BUCKETS: readonly AgingBucket[] = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'];

/** Bucket colours, green (not due) to red (over 90 days). */
export const BUCKET_COLORS: Record<AgingBucket, string> = {
  not_due: '#52c41a',
  d1_30: '#fadb14',
  d31_60: '#fa8c16',
  d61_90: '#f5222d',
  d90_plus: '#820014',
};
