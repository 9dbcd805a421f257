import PgBoss from 'pg-boss';
import type { Db } from '../db/client.ts';
import { systemNow } from '../services/context.ts';
import { purgeExpired } from '../services/maintenance/purge-expired.ts';
import { deliverDueReminders } from '../services/tasks/deliver-due-reminders.ts';
import { startCollectionJobs } from './collection-ladder.ts';
import { startImportWorker } from './import-worker.ts';
import { startOrderJobs } from './order-jobs.ts';

export interface Jobs {
  boss: PgBoss;
  healthy: () => Promise<boolean>;
  stop: () => Promise<void>;
}

const PURGE = 'maintenance.purge-expired';
const REMINDERS = 'tasks.deliver-reminders';
/** The job queue's errors are logged at most this often (a database outage makes every poll fail). */
const ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * pg-boss on the app's own database (schema `pgboss`) for background and scheduled work. Workers
 * call services; they never hold business rules themselves.
 */
export async function startJobs({
  url,
  db,
  idleMinutes,
  log,
}: {
  url: string;
  db: Db;
  idleMinutes: number;
  log: (msg: string) => void;
}): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4 });
  let running = false;
  // During shutdown the bundled PostgreSQL may stop while the queue still polls; that is expected.
  // While the database is away every poll fails: say so once a minute, not every second or two.
  let lastLogged = 0;
  let suppressed = 0;
  boss.on('error', (err: Error) => {
    if (!running) {
      return;
    }
    if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) {
      suppressed++;
      return;
    }
    const more = suppressed > 0 ? ` (and ${suppressed} more error(s) since the last report)` : '';
    log(`job queue error: ${err.message}${more}`);
    lastLogged = Date.now();
    suppressed = 0;
  });
  await boss.start();
  running = true;
  await boss.createQueue(PURGE);
  await boss.work(PURGE, async () => {
    const r = await purgeExpired(db, systemNow(), idleMinutes);
    log(`purged ${r.sessions} expired session(s) and ${r.attempts} old sign-in attempt(s)`);
  });
  await boss.schedule(PURGE, '*/15 * * * *');
  await startImportWorker(boss, db, log);
  await boss.createQueue(REMINDERS);
  await boss.work(REMINDERS, async () => {
    await deliverDueReminders(db, systemNow());
  });
  await boss.schedule(REMINDERS, '* * * * *');
  await startCollectionJobs(boss, db, log);
  await startOrderJobs(boss, db, log);
  return {
    boss,
    healthy: async () => {
      if (!running) {
        return false;
      }
      return Boolean(await boss.isInstalled());
    },
    stop: async () => {
      running = false;
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    },
  };
}
