import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { collectionSettings } from '../../db/schema/index.ts';

export type LadderStep = 'owner' | 'manager' | 'finance' | 'bad_debt';
export interface LadderRung {
  day: number;
  step: LadderStep;
}

export interface CollectionSettings {
  contractNumberPrefix: string;
  orderNumberPrefix: string;
  /** Days before a due date on which the owner is reminded, largest first. */
  reminderDaysBefore: number[];
  /** The overdue ladder, by day overdue ascending. */
  overdueLadder: LadderRung[];
  renewalLeadDays: number;
  defaultCreditDays: number;
  /** 0 while the org has no settings row (all defaults). */
  version: number;
  updatedAt: Date | null;
}

/** The defaults, the same as the column defaults of migration 0007. */
export const DEFAULT_COLLECTION_SETTINGS: Omit<CollectionSettings, 'version' | 'updatedAt'> = {
  contractNumberPrefix: 'HT',
  orderNumberPrefix: 'DD',
  reminderDaysBefore: [7, 1],
  overdueLadder: [
    { day: 1, step: 'owner' },
    { day: 15, step: 'manager' },
    { day: 30, step: 'finance' },
    { day: 60, step: 'bad_debt' },
  ],
  renewalLeadDays: 90,
  defaultCreditDays: 30,
};

/** The org's collection settings; the defaults while it has none. */
export async function getCollectionSettings(db: Queryable, orgId: string): Promise<CollectionSettings> {
  const [row] = await db.select().from(collectionSettings).where(eq(collectionSettings.orgId, orgId));
  if (!row) {
    return { ...DEFAULT_COLLECTION_SETTINGS, version: 0, updatedAt: null };
  }
  return {
    contractNumberPrefix: row.contractNumberPrefix,
    orderNumberPrefix: row.orderNumberPrefix,
    reminderDaysBefore: [...row.reminderDaysBefore].sort((a, b) => b - a),
    overdueLadder: [...row.overdueLadder].sort((a, b) => a.day - b.day),
    renewalLeadDays: row.renewalLeadDays,
    defaultCreditDays: row.defaultCreditDays,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}
