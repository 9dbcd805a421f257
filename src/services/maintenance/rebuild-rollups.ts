import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dealBoardRollup } from '../../db/schema/index.ts';

/**
 * Recounts the rollups from the raw tables (`salesops rebuild-rollups`): after a restore from an
 * older tool, a manual fix in SQL, or to check that the triggers kept them right. One transaction;
 * deal writes wait while it runs (see rollup.deal_board_recount in migration 0005).
 */
export async function rebuildRollups(db: Db, { orgId }: { orgId?: string } = {}) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select rollup.deal_board_recount(${orgId ?? null}::uuid, null)`);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(dealBoardRollup)
      .where(orgId ? sql`${dealBoardRollup.orgId} = ${orgId}` : undefined);
    return { dealBoardRows: row?.n ?? 0 };
  });
}
