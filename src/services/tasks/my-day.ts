import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { seesWholeOrg } from '../../core/auth/roles.ts';
import { Forbidden } from '../../core/errors.ts';
import { orgs, tasks, users } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { taskScope } from './task-fields.ts';

const UPCOMING_DAYS = 7;
const LIMIT = 200;

/**
 * The signed-in user's open tasks: overdue (due before now), today (due from now until midnight in
 * the org's timezone) and upcoming (the next 7 days after today). Day boundaries come from
 * PostgreSQL `at time zone`, so they follow the org's clock, not the server's.
 */
export async function myDay(ctx: ServiceContext) {
  const { db, actor } = ctx;
  const now = ctx.now();
  const nowIso = now.toISOString();
  const [bounds] = await db
    .select({
      timezone: orgs.timezone,
      tomorrow: sql<string>`((date_trunc('day', ${nowIso}::timestamptz at time zone ${orgs.timezone}) + interval '1 day') at time zone ${orgs.timezone})::text`,
      horizon: sql<string>`((date_trunc('day', ${nowIso}::timestamptz at time zone ${orgs.timezone}) + ${`${UPCOMING_DAYS + 1} days`}::interval) at time zone ${orgs.timezone})::text`,
    })
    .from(orgs)
    .where(eq(orgs.id, actor.orgId));
  const tomorrow = new Date(bounds!.tomorrow);
  const horizon = new Date(bounds!.horizon);
  const mine = and(eq(tasks.orgId, actor.orgId), eq(tasks.ownerId, actor.userId), eq(tasks.status, 'open'));
  const list = (range: ReturnType<typeof and>) =>
    db.select().from(tasks).where(and(mine, range)).orderBy(asc(tasks.dueAt), asc(tasks.id)).limit(LIMIT);
  const [overdue, today, upcoming] = await Promise.all([
    list(lt(tasks.dueAt, now)),
    list(and(gte(tasks.dueAt, now), lt(tasks.dueAt, tomorrow))),
    list(and(gte(tasks.dueAt, tomorrow), lt(tasks.dueAt, horizon))),
  ]);
  return { timezone: bounds!.timezone, overdue, today, upcoming };
}

/** How many of the team's overdue tasks are listed (the oldest); the counts cover all of them. */
const TEAM_OVERDUE_LISTED = 200;

/**
 * Overdue open tasks of the team (a manager's subtree, the whole org for whole-org sales roles): the
 * oldest ones, how many there are in all, and how many each assignee has (most first), so a long
 * list is never cut without saying so.
 */
export async function teamOverdue(ctx: ServiceContext) {
  const { actor, db } = ctx;
  if (actor.role !== 'manager' && (actor.role === 'finance' || !seesWholeOrg(actor.role))) {
    throw new Forbidden('Only managers, directors, sales ops and admins see team tasks.');
  }
  const overdue = and(taskScope(actor), eq(tasks.status, 'open'), lt(tasks.dueAt, ctx.now()));
  const [items, assignees] = await Promise.all([
    db
      .select()
      .from(tasks)
      .where(overdue)
      .orderBy(asc(tasks.dueAt), asc(tasks.id))
      .limit(TEAM_OVERDUE_LISTED),
    db
      .select({ assigneeId: tasks.ownerId, name: users.name, overdue: sql<number>`count(*)::int` })
      .from(tasks)
      .innerJoin(users, and(eq(users.orgId, tasks.orgId), eq(users.id, tasks.ownerId)))
      .where(overdue)
      .groupBy(tasks.ownerId, users.name)
      .orderBy(desc(sql`count(*)`), asc(users.name)),
  ]);
  return { items, total: assignees.reduce((n, a) => n + a.overdue, 0), assignees };
}
