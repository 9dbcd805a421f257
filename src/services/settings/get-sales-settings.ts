import { eq } from 'drizzle-orm';
import { type BantConfig, DEFAULT_BANT_CONFIG } from '../../core/leads/index.ts';
import type { Queryable } from '../../db/client.ts';
import { salesSettings } from '../../db/schema/index.ts';

export const CUSTOMER_TIERS = ['vip', 'key', 'normal', 'long_tail'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];
export type TierLabels = Record<CustomerTier, { 'zh-CN': string; en: string }>;

export const DEFAULT_LEAD_SLA_HOURS = 24;
export const DEFAULT_TIER_LABELS: TierLabels = {
  vip: { 'zh-CN': 'VIP客户', en: 'VIP' },
  key: { 'zh-CN': '重点客户', en: 'Key' },
  normal: { 'zh-CN': '普通客户', en: 'Normal' },
  long_tail: { 'zh-CN': '长尾客户', en: 'Long tail' },
};

export interface SalesSettings {
  leadSlaHours: number;
  bantConfig: BantConfig;
  tierLabels: TierLabels;
  /** 0 while the org has no settings row (all defaults). */
  version: number;
  updatedAt: Date | null;
}

/** The org's sales settings; defaults for whatever is absent (no row, or a null column). */
export async function getSalesSettings(db: Queryable, orgId: string): Promise<SalesSettings> {
  const [row] = await db.select().from(salesSettings).where(eq(salesSettings.orgId, orgId));
  return {
    leadSlaHours: row?.leadSlaHours ?? DEFAULT_LEAD_SLA_HOURS,
    bantConfig: (row?.bantConfig as BantConfig | null) ?? DEFAULT_BANT_CONFIG,
    tierLabels: { ...DEFAULT_TIER_LABELS, ...((row?.tierLabels as Partial<TierLabels> | null) ?? {}) },
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
  };
}
