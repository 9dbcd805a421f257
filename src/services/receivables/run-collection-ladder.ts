import { and, eq, sql } from 'drizzle-orm';
import { daysOverdue } from '../../core/collection/aging.ts';
import { type CollectionEventKind, dueStep } from '../../core/collection/ladder.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { collectionEvents, installments, notifications, orgs } from '../../db/schema/index.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import { newId } from '../context.ts';
import { IN_FORCE_STATUSES } from './receivables-where.ts';

/** The contract states whose plans are receivables (receivables-where.ts), as an SQL list. */
const IN_FORCE = sql.raw(`(${IN_FORCE_STATUSES.map((s) => `'${s}'`).join(', ')})`);

const BATCH = 1_000;

/** The notification kinds; the web shows each in the reader's language from the body's figures. */
export const NOTIFICATION_KIND: Record<CollectionEventKind, string> = {
  reminder: 'collection_reminder',
  overdue_owner: 'collection_overdue',
  overdue_manager: 'collection_overdue',
  overdue_finance: 'collection_overdue',
  bad_debt: 'collection_bad_debt',
};

/** What a collection notification's body carries (JSON): the web renders the sentence. */
export interface CollectionNotice {
  step: CollectionEventKind;
  mark: number;
  /** Days left until the due date (reminder) or days overdue (ladder) on the day of the run. */
  days: number;
  seq: number;
  dueDate: string;
  outstanding: number;
  currency: string;
  contractNumber: string;
  customerName: string;
}

type Candidate = {
  id: string;
  orgId: string;
  contractId: string;
  contractNumber: string;
  currency: string;
  customerName: string;
  seq: number;
  ownerId: string;
  unitId: string;
  dueDate: string;
  amount: number;
  collected: number;
  done: string[];
};

export interface LadderRunResult {
  events: number;
  notifications: number;
  badDebt: number;
}

/** Active users told at a step: the owner; the owner's manager (else the unit's managers); finance. */
async function recipients(db: Queryable, c: Candidate, kind: CollectionEventKind): Promise<string[]> {
  const owner = sql`select u.id from users u where u.org_id = ${c.orgId} and u.id = ${c.ownerId} and u.active`;
  const manager = sql`select m.id from users o join users m on m.org_id = o.org_id and m.id = o.manager_id
      where o.org_id = ${c.orgId} and o.id = ${c.ownerId} and m.active
    union
    select m.id from users m where m.org_id = ${c.orgId} and m.unit_id = ${c.unitId} and m.role = 'manager' and m.active
      and m.id <> ${c.ownerId}
      and not exists (select 1 from users o join users mm on mm.org_id = o.org_id and mm.id = o.manager_id
        where o.org_id = ${c.orgId} and o.id = ${c.ownerId} and mm.active)`;
  const finance = sql`select u.id from users u where u.org_id = ${c.orgId} and u.role = 'finance' and u.active`;
  const query =
    kind === 'reminder' || kind === 'overdue_owner'
      ? owner
      : kind === 'overdue_manager'
        ? manager
        : kind === 'overdue_finance'
          ? finance
          : sql`${finance} union ${manager}`;
  const rows = await db.execute<{ id: string }>(sql`select distinct id from (${query}) r order by id`);
  return rows.rows.map((r) => r.id);
}

/**
 * One org's daily collection run for `today` (the org's calendar date): for every open installment
 * of a contract in force, the one step that applies today (core/collection/ladder.ts dueStep) —
 * a reminder N days before the due date, or the highest rung of the overdue ladder reached — is
 * recorded once in collection_events (unique per installment, kind, mark and due date) and told to
 * its recipients as in-app notifications (dedupe key per event and user); the bad-debt rung marks
 * the installment `bad_debt_risk_at`. Running twice on one day, or two runs at once, records and
 * notifies once; a run after missed days delivers today's step only.
 */
export async function runCollectionLadderForOrg(
  db: Db,
  { orgId, today, now }: { orgId: string; today: string; now: Date },
): Promise<LadderRunResult> {
  const settings = await getCollectionSettings(db, orgId);
  const maxReminder = Math.max(0, ...settings.reminderDaysBefore);
  const result: LadderRunResult = { events: 0, notifications: 0, badDebt: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db.execute<Candidate>(sql`
      select i.id, i.org_id as "orgId", i.seq, i.contract_id as "contractId", i.owner_id as "ownerId", i.unit_id as "unitId",
        i.due_date::text as "dueDate", i.amount::float8 as amount, i.collected::float8 as collected,
        c.number as "contractNumber", c.currency, cu.name as "customerName",
        coalesce((select array_agg(e.kind || ':' || e.mark) from collection_events e
          where e.org_id = i.org_id and e.installment_id = i.id and e.due_date = i.due_date), '{}') as done
      from ${installments} i
      join contracts c on c.org_id = i.org_id and c.id = i.contract_id
      join customers cu on cu.org_id = i.org_id and cu.id = i.customer_id
      where i.org_id = ${orgId} and i.status = 'open' and i.due_date is not null
        and i.due_date <= ${today}::date + ${maxReminder}::int
        and c.status in ${IN_FORCE} and i.id > ${after}::uuid
      order by i.id limit ${BATCH}`);
    for (const c of batch.rows) {
      const overdueDays = daysOverdue(c.dueDate, today);
      const step = dueStep(overdueDays, settings.reminderDaysBefore, settings.overdueLadder);
      if (!step || c.done.includes(`${step.kind}:${step.mark}`)) {
        continue;
      }
      await db.transaction(async (tx) => {
        const to = await recipients(tx, c, step.kind);
        const [event] = await tx
          .insert(collectionEvents)
          .values({
            orgId,
            id: newId(),
            installmentId: c.id,
            kind: step.kind,
            mark: step.mark,
            dueDate: c.dueDate,
            notifiedUserIds: to,
            runOn: today,
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: collectionEvents.id });
        if (!event) {
          return; // another run recorded this step first
        }
        result.events++;
        if (step.kind === 'bad_debt') {
          await tx
            .update(installments)
            .set({
              badDebtRiskAt: sql`coalesce(${installments.badDebtRiskAt}, ${now.toISOString()}::timestamptz)`,
            })
            .where(and(eq(installments.orgId, orgId), eq(installments.id, c.id)));
          result.badDebt++;
        }
        if (to.length === 0) {
          return;
        }
        const notice: CollectionNotice = {
          step: step.kind,
          mark: step.mark,
          days: Math.abs(overdueDays),
          seq: c.seq,
          dueDate: c.dueDate,
          outstanding: c.amount - c.collected,
          currency: c.currency,
          contractNumber: c.contractNumber,
          customerName: c.customerName,
        };
        const sent = await tx
          .insert(notifications)
          .values(
            to.map((userId) => ({
              orgId,
              id: newId(),
              userId,
              kind: NOTIFICATION_KIND[step.kind],
              title: `${c.contractNumber} · ${c.customerName}`,
              body: JSON.stringify(notice),
              link: `/contracts/${c.contractId}`,
              dedupeKey: `collection:${c.id}:${step.kind}:${step.mark}:${c.dueDate}:${userId}`,
              createdAt: now,
            })),
          )
          .onConflictDoNothing()
          .returning({ id: notifications.id });
        result.notifications += sent.length;
      });
    }
    if (batch.rows.length < BATCH) {
      break;
    }
    after = batch.rows[batch.rows.length - 1]!.id;
  }
  return result;
}

/**
 * The daily run over every org (or the orgs of one time zone, for that zone's schedule), each on its
 * own calendar date by the app clock.
 */
export async function runCollectionLadder(
  db: Db,
  now: Date,
  { timezone }: { timezone?: string } = {},
): Promise<LadderRunResult> {
  const all = await db
    .select({
      id: orgs.id,
      today: sql<string>`(${now.toISOString()}::timestamptz at time zone ${orgs.timezone})::date::text`,
    })
    .from(orgs)
    .where(timezone ? eq(orgs.timezone, timezone) : undefined);
  const total: LadderRunResult = { events: 0, notifications: 0, badDebt: 0 };
  for (const o of all) {
    const r = await runCollectionLadderForOrg(db, { orgId: o.id, today: o.today, now });
    total.events += r.events;
    total.notifications += r.notifications;
    total.badDebt += r.badDebt;
  }
  return total;
}
