import { and, eq, isNull, sql } from 'drizzle-orm';
import { diffFields } from '../../core/records.ts';
import type { Db } from '../../db/client.ts';
import { contracts, dealStageHistory, deals } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId } from '../context.ts';
import { DEAL_AUDIT_FIELDS } from '../deals/deal-fields.ts';
import { ensureDefaultPipeline } from '../deals/ensure-default-pipeline.ts';

/** Who the audit log names for the renewal job's writes. */
const JOB_ACTOR = { userId: '00000000-0000-0000-0000-000000000000', name: 'renewal job' };

/** The renewal deal's name: the contract title and the word in both languages. */
export function renewalDealName(title: string): string {
  return `${title} 续约 / renewal`;
}

/**
 * The daily renewal job (issue 12 §6): every active contract whose end date falls within its org's
 * renewal lead days (collection settings, default 90) and that has no renewal deal gets one — in the
 * pipeline's first stage, owned by the contract's owner and unit, for its customer and amount,
 * expected to close on the end date — and the contract points at it. Exactly once however often or
 * concurrently it runs: each contract is claimed `for update skip locked` while it still has no
 * renewal deal, and the link is a conditional update guarded by a unique partial index. The deal is
 * written like createDeal does (stage-history row, audit), and the board rollup's triggers count it.
 */
export async function openRenewalDeals(db: Db, now: Date): Promise<{ opened: number }> {
  const candidates = (
    await db.execute<{ org_id: string; id: string }>(sql`
      select c.org_id, c.id
        from contracts c
        join orgs g on g.id = c.org_id
        left join collection_settings s on s.org_id = c.org_id
       where c.status = 'active' and c.renewal_deal_id is null and c.end_date is not null
         and c.end_date >= (${now.toISOString()}::timestamptz at time zone g.timezone)::date
         and c.end_date <= (${now.toISOString()}::timestamptz at time zone g.timezone)::date
                           + coalesce(s.renewal_lead_days, 90)
       order by c.org_id, c.end_date, c.id`)
  ).rows;
  let opened = 0;
  for (const c of candidates) {
    try {
      opened += await openRenewalDeal(db, c.org_id, c.id, now);
    } catch (err) {
      if (!(err instanceof RenewalRaced)) {
        throw err;
      }
    }
  }
  return { opened };
}

/** Another run linked a renewal deal first; this run's deal is rolled back. */
class RenewalRaced extends Error {}

async function openRenewalDeal(db: Db, orgId: string, contractId: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const [contract] = await tx
      .select()
      .from(contracts)
      .where(
        and(
          eq(contracts.orgId, orgId),
          eq(contracts.id, contractId),
          eq(contracts.status, 'active'),
          isNull(contracts.renewalDealId),
        ),
      )
      .for('update', { skipLocked: true });
    if (!contract) {
      return 0;
    }
    const stage = (await ensureDefaultPipeline(tx, orgId, now)).find((s) => s.active);
    if (!stage) {
      return 0;
    }
    const id = newId();
    const [deal] = await tx
      .insert(deals)
      .values({
        orgId,
        id,
        name: renewalDealName(contract.title),
        customerId: contract.customerId,
        stageId: stage.id,
        stageEnteredAt: now,
        amount: contract.amount,
        amountSource: 'manual',
        expectedCloseDate: contract.endDate,
        probabilityBp: stage.probabilityBp,
        forecastCategory: stage.forecastCategory,
        competitors: [],
        ownerId: contract.ownerId,
        unitId: contract.unitId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(dealStageHistory).values({
      orgId,
      id: newId(),
      dealId: id,
      stageId: stage.id,
      fromStageId: null,
      enteredAt: now,
      movedBy: null,
    });
    const linked = await tx
      .update(contracts)
      .set({ renewalDealId: id })
      .where(and(eq(contracts.orgId, orgId), eq(contracts.id, contractId), isNull(contracts.renewalDealId)))
      .returning({ id: contracts.id });
    if (linked.length === 0) {
      // Someone linked a renewal meanwhile: undo this one (the transaction rolls back).
      throw new RenewalRaced();
    }
    await recordAudit({
      db: tx,
      orgId,
      actor: JOB_ACTOR,
      action: 'create',
      entity: 'deal',
      entityId: id,
      changes: {
        ...diffFields(null, deal!, DEAL_AUDIT_FIELDS),
        renewsContractId: { before: null, after: contractId },
      },
      at: now,
    });
    await recordAudit({
      db: tx,
      orgId,
      actor: JOB_ACTOR,
      action: 'update',
      entity: 'contract',
      entityId: contractId,
      changes: { renewalDealId: { before: null, after: id } },
      at: now,
    });
    return 1;
  });
}
