import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, tasks } from '../../db/schema/index.ts';
import { newId } from '../context.ts';

const BATCH = 500;

/**
 * Turns due task reminders into in-app notifications. Idempotent: a task's reminder is claimed
 * (`skip locked`, `reminded_at`) and the notification carries the dedupe key
 * `task:<id>:<remindAt>`, so a second run, or two workers at once, deliver nothing twice.
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
          body: `Due ${t.dueAt.toISOString()}`,
          link: `/tasks/${t.id}`,
          dedupeKey: `task:${t.id}:${t.remindAt!.toISOString()}`,
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
