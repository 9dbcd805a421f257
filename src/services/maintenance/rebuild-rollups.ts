import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dealBoardRollup, receivablesAgingRollup } from '../../db/schema/index.ts';

/**
 * Recounts the rollups from the raw tables (`salesops rebuild-rollups`): after a restore from an
 * older tool, a manual fix in SQL, or to check that the triggers kept them right. One transaction;
 * deal writes wait while it runs (see rollup.deal_board_recount in migration 0005).
 */
export async function rebuildRollups(db: Db, { orgId }: { orgId?: string } = {}) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select rollup.deal_board_recount(${orgId ?? null}::uuid, null)`);
    await tx.execute(sql`select rollup.receivables_aging_recount(${orgId ?? null}::uuid)`);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(dealBoardRollup)
      .where(orgId ? sql`${dealBoardRollup.orgId} = ${orgId}` : undefined);
    const [aging] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(receivablesAgingRollup)
      .where(orgId ? sql`${receivablesAgingRollup.orgId} = ${orgId}` : undefined);
    return { dealBoardRows: row?.n ?? 0, receivablesAgingRows: aging?.n ?? 0 };
  });
}
