import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, tasks } from '../../db/schema/index.ts';
import { newId } from '../context.ts';

const BATCH = 500;

// Pages of the web app a task's record opens on; a task on a contact (no page of its own) or on
// nothing opens My day, where the user's open tasks are.
const PAGES: Record<string, string> = { customer: '/customers', deal: '/deals', lead: '/leads' };

function linkOf(t: { relatedType: string | null; relatedId: string | null }): string {
  const page = t.relatedType ? PAGES[t.relatedType] : undefined;
  return page && t.relatedId ? `${page}/${t.relatedId}` : '/my-day';
}

/**
 * Turns due task reminders into in-app notifications: the task's title, its due time as the body
 * (ISO 8601; the web app shows it in the reader's language and time zone) and a link to its record.
 * Idempotent: a task's reminder is claimed (`skip locked`, `reminded_at`) and the notification
 * carries the dedupe key `task:<id>:v<version>`, so a second run, or two workers at once, deliver
 * nothing twice, while every change that re-arms the reminder (a new version) is delivered again.
 */
export async function deliverDueReminders(db: Db, now: Date): Promise<{ delivered: number }> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(tasks)
      .where(and(isNull(tasks.remindedAt), eq(tasks.status, 'open'), lte(tasks.remindAt, now)))
      .orderBy(tasks.remindAt)
      .limit(BATCH)
      .for('update', { skipLocked: true });
    let delivered = 0;
    for (const t of due) {
      const inserted = await tx
        .insert(notifications)
        .values({
          orgId: t.orgId,
          id: newId(),
          userId: t.ownerId,
          kind: 'task_reminder',
          title: t.title,
          body: t.dueAt.toISOString(),
          link: linkOf(t),
          dedupeKey: `task:${t.id}:v${t.version}`,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      delivered += inserted.length;
      await tx
        .update(tasks)
        .set({ remindedAt: now })
        .where(and(eq(tasks.orgId, t.orgId), eq(tasks.id, t.id)));
    }
    return { delivered };
  });
}
