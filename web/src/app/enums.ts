import type { MessageKey, TFunction } from './i18n/index.tsx';

/** The closed vocabularies of the sales records (the API's enum values), one list each. */
export const ENUMS = {
  tier: ['vip', 'key', 'normal', 'long_tail'],
  lifecycle: ['prospect', 'first_purchase', 'repeat', 'loyal', 'strategic_partner'],
  channel: ['direct', 'distributor', 'ecommerce'],
  size: ['micro', 'small', 'medium', 'large', 'enterprise'],
  sourceChannel: [
    'content',
    'wechat',
    'weibo',
    'zhihu',
    'linkedin',
    'seo',
    'sem',
    'event',
    'referral',
    'other',
  ],
  leadStatus: ['new', 'working', 'qualified', 'disqualified', 'converted'],
  bant: ['none', 'partial', 'full'],
  grade: ['A', 'B', 'C', 'D'],
  dealStatus: ['open', 'won', 'lost'],
  forecastCategory: ['pipeline', 'best_case', 'commit', 'closed', 'omitted'],
  activityType: ['visit', 'call', 'meeting', 'demo', 'email', 'wechat', 'proposal', 'quote'],
  decisionRole: ['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion'],
  attitude: ['supporter', 'neutral', 'opponent'],
  taskPriority: ['low', 'normal', 'high', 'urgent'],
  taskStatus: ['open', 'done', 'cancelled'],
  importStatus: ['uploaded', 'validating', 'validated', 'importing', 'succeeded', 'failed'],
} as const;

export type EnumKind = keyof typeof ENUMS;
export type EnumValue<K extends EnumKind> = (typeof ENUMS)[K][number];

/** The label of one enum value in the current language; an unknown value (newer server) shows as is. */
export function enumLabel(t: TFunction, kind: EnumKind, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return t('common.none');
  }
  const key = `enum.${kind}.${value}` as MessageKey;
  const label = t(key);
  return label === undefined || label === key ? value : label;
}

export function enumOptions<K extends EnumKind>(
  t: TFunction,
  kind: K,
): { value: EnumValue<K>; label: string }[] {
  return (ENUMS[kind] as readonly EnumValue<K>[]).map((value) => ({
    value,
    label: enumLabel(t, kind, value),
  }));
}

/** Tag colours that carry meaning at a glance. */
export const ENUM_COLORS: Partial<Record<string, string>> = {
  vip: 'gold',
  key: 'orange',
  long_tail: 'default',
  supporter: 'green',
  neutral: 'default',
  opponent: 'red',
  A: 'red',
  B: 'orange',
  C: 'blue',
  D: 'default',
  new: 'blue',
  working: 'processing',
  qualified: 'green',
  disqualified: 'default',
  converted: 'purple',
  open: 'blue',
  won: 'green',
  lost: 'red',
  urgent: 'red',
  high: 'orange',
  done: 'green',
  cancelled: 'default',
  succeeded: 'green',
  failed: 'red',
};
