import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/client.ts';
import { systemNow } from '../services/context.ts';
import { runCollectionLadder } from '../services/receivables/run-collection-ladder.ts';

/** Queue of the daily run of one time zone's orgs: `collection.ladder.<IANA zone, '/' as '_'>`. */
const QUEUE_PREFIX = 'collection.ladder';
/** Queue of the run over every org once at start, so a fresh install shows reminders at once. */
const AT_START = 'collection.ladder-at-start';
/** Local time of the daily run: 08:00, before the working day starts. */
const DAILY_CRON = '0 8 * * *';

/**
 * Reminders before due dates and the overdue ladder (services/receivables/run-collection-ladder.ts):
 * a pg-boss schedule at 08:00 in each org time zone in use, and one run at start. The run is
 * idempotent per day, so the start run and the schedule never deliver anything twice.
 */
export async function startCollectionJobs(boss: PgBoss, db: Db, log: (msg: string) => void): Promise<void> {
  const zones = await db.execute<{ timezone: string }>(sql`select distinct timezone from orgs order by 1`);
  for (const { timezone } of zones.rows) {
    const queue = `${QUEUE_PREFIX}.${timezone.replace(/[^\w-]/g, '_')}`;
    await boss.createQueue(queue);
    await boss.work(queue, async () => {
      const r = await runCollectionLadder(db, systemNow(), { timezone });
      log(
        `collection run (${timezone}): ${r.events} step(s), ${r.notifications} notification(s), ${r.badDebt} bad-debt mark(s)`,
      );
    });
    await boss.schedule(queue, DAILY_CRON, {}, { tz: timezone });
  }
  await boss.createQueue(AT_START);
  await boss.work(AT_START, async () => {
    const r = await runCollectionLadder(db, systemNow());
    log(
      `collection run at start: ${r.events} step(s), ${r.notifications} notification(s), ${r.badDebt} bad-debt mark(s)`,
    );
  });
  await boss.send(AT_START, {}, { singletonKey: 'at-start' });
}
