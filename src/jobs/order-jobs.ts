import type PgBoss from 'pg-boss';
import type { Db } from '../db/client.ts';
import { systemNow } from '../services/context.ts';
import { deliverOrderDelayAlerts } from '../services/orders/deliver-delay-alerts.ts';
import { openRenewalDeals } from '../services/orders/open-renewal-deals.ts';

const DELAY_ALERTS = 'orders.delay-alerts';
const RENEWALS = 'contracts.open-renewal-deals';

/**
 * The daily order delay alert and renewal-deal jobs (issue 12 §5, §6). Both are idempotent per day
 * (see their services), so they also run once at start-up: a server that was down at the scheduled
 * hour still alerts and opens renewals that day.
 */
export async function startOrderJobs(boss: PgBoss, db: Db, log: (msg: string) => void): Promise<void> {
  await boss.createQueue(DELAY_ALERTS);
  await boss.work(DELAY_ALERTS, async () => {
    const r = await deliverOrderDelayAlerts(db, systemNow());
    if (r.alerted > 0) {
      log(`order delay alerts: told owners about ${r.alerted} late order(s)`);
    }
  });
  // 08:05 in the server's zone; the services compare dates in each org's own time zone.
  await boss.schedule(DELAY_ALERTS, '5 8 * * *');
  await boss.createQueue(RENEWALS);
  await boss.work(RENEWALS, async () => {
    const r = await openRenewalDeals(db, systemNow());
    if (r.opened > 0) {
      log(`renewals: opened ${r.opened} renewal deal(s)`);
    }
  });
  await boss.schedule(RENEWALS, '15 8 * * *');
  await boss.send(DELAY_ALERTS, {});
  await boss.send(RENEWALS, {});
}
