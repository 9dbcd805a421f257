import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, orders } from '../../db/schema/index.ts';
import { newId } from '../context.ts';

const BATCH = 500;

/**
 * The daily delay alert: every order whose promised date has passed (in its org's time zone) and
 * that is not yet delivered tells its owner once. Idempotent: the order is claimed (`skip locked`,
 * `delay_alerted_at`) and the notification carries the dedupe key `order-delay:<id>:<promised
 * date>`, so running twice, or two workers at once, notify once per promised date.
 */
export async function deliverOrderDelayAlerts(db: Db, now: Date): Promise<{ alerted: number }> {
  let alerted = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = (
        await tx.execute<{
          org_id: string;
          id: string;
          number: string;
          owner_id: string;
          promised_date: string;
          customer_name: string | null;
        }>(sql`
          select o.org_id, o.id, o.number, o.owner_id, o.promised_date::text as promised_date, c.name as customer_name
            from orders o
            join orgs g on g.id = o.org_id
            left join customers c on c.org_id = o.org_id and c.id = o.customer_id
           where o.delay_alerted_at is null
             and o.status in ('received', 'reviewed', 'in_production', 'in_warehouse', 'shipped')
             and o.promised_date < (${now.toISOString()}::timestamptz at time zone g.timezone)::date
           order by o.promised_date, o.id
           limit ${BATCH}
             for update of o skip locked`)
      ).rows;
      for (const o of due) {
        const inserted = await tx
          .insert(notifications)
          .values({
            orgId: o.org_id,
            id: newId(),
            userId: o.owner_id,
            kind: 'order_delay',
            title: `${o.number} · ${o.customer_name ?? ''}`.trim(),
            body: o.promised_date,
            link: `/orders?order=${o.id}`,
            dedupeKey: `order-delay:${o.id}:${o.promised_date}`,
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: notifications.id });
        alerted += inserted.length;
        await tx
          .update(orders)
          .set({ delayAlertedAt: now })
          .where(and(eq(orders.orgId, o.org_id), eq(orders.id, o.id)));
      }
      return due.length;
    });
    if (n < BATCH) {
      return { alerted };
    }
  }
}
