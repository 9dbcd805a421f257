import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications, tasks } from '../../src/db/schema/index.ts';
import { deliverDueReminders } from '../../src/services/tasks/deliver-due-reminders.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { makeCustomerFor, makeDealFor } from '../support/factories-deals.ts';
import { makeApp, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('task scope and assignment', () => {
  it('a rep assigns to themselves only; another rep gets 404; the manager sees the team’s', async () => {
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const other = await rep.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: 'x', dueAt: inAWeek(), assigneeId: suite.o.users.southRep.id },
    });
    expect(other.statusCode).toBe(403);
    const res = await rep.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: '回访', dueAt: inAWeek() },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().assigneeId).toBe(suite.o.users.eastRep.id);
    const id = res.json().id as string;
    const south = await signIn(suite.app, suite.o.users.southRep.email);
    expect((await south.request({ method: 'GET', url: `/api/v1/tasks/${id}` })).statusCode).toBe(404);
    const mgr = await signIn(suite.app, suite.o.users.eastManager.email);
    expect((await mgr.request({ method: 'GET', url: `/api/v1/tasks/${id}` })).statusCode).toBe(200);
    const f = await signIn(suite.app, suite.o.users.finance.email);
    expect(
      (await f.request({ method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { title: 'y' }, version: 1 }))
        .statusCode,
    ).toBe(403);
  });

  it('a manager assigns within the subtree, not outside it (400)', async () => {
    const mgr = await signIn(suite.app, suite.o.users.eastManager.email);
    const ok = await mgr.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: 'x', dueAt: inAWeek(), assigneeId: suite.o.users.eastRep.id },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      assigneeId: suite.o.users.eastRep.id,
      unitId: suite.o.units.shanghai.id,
    });
    const out = await mgr.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: 'x', dueAt: inAWeek(), assigneeId: suite.o.users.southRep.id },
    });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.details[0].path).toBe('assigneeId');
  });

  it('the related record must be visible; malformed tasks are 400 with paths', async () => {
    const theirs = await makeDealFor(suite.dbh.db, suite.o.users.southRep);
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await rep.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: 'x', dueAt: inAWeek(), relatedType: 'deal', relatedId: theirs.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('relatedId');
    const bad = await rep.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: '', dueAt: 'soon', priority: 'asap', status: 'done' },
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'dueAt', 'priority', 'status']));
  });

  it('done stamps completedAt', async () => {
    const rep = await signIn(suite.app, suite.o.users.southRep.email);
    const t = (
      await rep.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', dueAt: inAWeek() } })
    ).json();
    const done = await rep.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${t.id}`,
      payload: { status: 'done' },
      version: 1,
    });
    expect(done.json().status).toBe('done');
    expect(done.json().completedAt).not.toBeNull();
  });
});

describe('my day', () => {
  it('buckets in Asia/Shanghai across midnight UTC', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    // 01:30 on 12 March in Shanghai is still 11 March in UTC.
    const now = new Date('2026-03-11T17:30:00Z');
    const dayApp = await makeApp(suite.dbh.db, { now: () => now });
    try {
      const c = await signIn(dayApp, org.users.eastRep.email);
      const make = async (title: string, dueAt: string) =>
        (await c.request({ method: 'POST', url: '/api/v1/tasks', payload: { title, dueAt } })).json()
          .id as string;
      const overdue = await make('overdue', '2026-03-11T16:30:00Z'); // 00:30 today Shanghai, passed
      const today = await make('today', '2026-03-12T15:00:00Z'); // 23:00 today Shanghai (12 March UTC)
      const tomorrow = await make('tomorrow', '2026-03-12T16:30:00Z'); // 00:30 on 13 March Shanghai
      const far = await make('far', '2026-04-30T00:00:00Z');
      const res = await c.request({ method: 'GET', url: '/api/v1/me/day' });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Record<'overdue' | 'today' | 'upcoming', { id: string }[]> & {
        timezone: string;
      };
      expect(body.timezone).toBe('Asia/Shanghai');
      expect(body.overdue.map((t) => t.id)).toEqual([overdue]);
      expect(body.today.map((t) => t.id)).toEqual([today]);
      expect(body.upcoming.map((t) => t.id)).toEqual([tomorrow]);
      expect([...body.overdue, ...body.today, ...body.upcoming].map((t) => t.id)).not.toContain(far);
    } finally {
      await dayApp.close();
    }
  });

  it('team overdue: a manager sees the subtree, a rep and finance get 403, a director the org', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const east = await signIn(suite.app, org.users.eastRep.email);
    const south = await signIn(suite.app, org.users.southRep.email);
    const e = (
      await east.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'e', dueAt: past } })
    ).json();
    const s = (
      await south.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 's', dueAt: past } })
    ).json();
    const mgr = await signIn(suite.app, org.users.eastManager.email);
    const mine = (await mgr.request({ method: 'GET', url: '/api/v1/tasks/team-overdue' }))
      .json()
      .items.map((t: { id: string }) => t.id);
    expect(mine).toEqual([e.id]);
    expect((await east.request({ method: 'GET', url: '/api/v1/tasks/team-overdue' })).statusCode).toBe(403);
    const fin = await signIn(suite.app, org.users.finance.email);
    expect((await fin.request({ method: 'GET', url: '/api/v1/tasks/team-overdue' })).statusCode).toBe(403);
    const dir = await signIn(suite.app, org.users.director.email);
    const team = (await dir.request({ method: 'GET', url: '/api/v1/tasks/team-overdue' })).json();
    expect(team.items.map((t: { id: string }) => t.id).sort()).toEqual([e.id, s.id].sort());
    // How many in all and per assignee, so a long list is never cut silently.
    expect(team.total).toBe(2);
    expect(team.assignees).toEqual(
      expect.arrayContaining([
        { assigneeId: org.users.eastRep.id, name: org.users.eastRep.name, overdue: 1 },
        { assigneeId: org.users.southRep.id, name: org.users.southRep.name, overdue: 1 },
      ]),
    );
  });
});

describe('reminders', () => {
  it('are delivered once as notifications, even when the job runs twice', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    const rep = await signIn(suite.app, org.users.southRep.email);
    const remindAt = '2026-05-01T01:00:00.000Z';
    const t = (
      await rep.request({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: { title: '提醒我', dueAt: '2026-05-01T02:00:00Z', remindAt },
      })
    ).json();
    const early = await deliverDueReminders(suite.dbh.db, new Date('2026-05-01T00:59:00Z'));
    expect(early.delivered).toBe(0);
    const first = await deliverDueReminders(suite.dbh.db, new Date('2026-05-01T01:00:30Z'));
    const second = await deliverDueReminders(suite.dbh.db, new Date('2026-05-01T01:01:30Z'));
    expect(first.delivered).toBe(1);
    expect(second.delivered).toBe(0);
    const rows = await suite.dbh.db
      .select()
      .from(notifications)
      .where(eq(notifications.dedupeKey, `task:${t.id}:v${t.version}`));
    expect(rows).toHaveLength(1);
    const [task] = await suite.dbh.db.select().from(tasks).where(eq(tasks.id, t.id));
    expect(task!.remindedAt).not.toBeNull();

    const list = await rep.request({ method: 'GET', url: '/api/v1/notifications' });
    expect(list.json().unreadCount).toBe(1);
    const n = list.json().items[0];
    // The body is the due time (the web app words it in the reader's language); no record → My day.
    expect(n).toMatchObject({
      kind: 'task_reminder',
      title: '提醒我',
      body: '2026-05-01T02:00:00.000Z',
      link: '/my-day',
      readAt: null,
    });
    const other = await signIn(suite.app, org.users.eastRep.email);
    expect(
      (await other.request({ method: 'POST', url: `/api/v1/notifications/${n.id}/read` })).statusCode,
    ).toBe(404);
    expect(
      (await rep.request({ method: 'POST', url: `/api/v1/notifications/${n.id}/read` })).json().readAt,
    ).not.toBeNull();
    expect((await rep.request({ method: 'GET', url: '/api/v1/notifications' })).json().unreadCount).toBe(0);
    expect(
      (await rep.request({ method: 'POST', url: '/api/v1/notifications/read-all' })).json().updated,
    ).toBe(0);
  });

  it('link to the task’s record, and a reminder re-armed to an earlier time is delivered again', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    const rep = await signIn(suite.app, org.users.southRep.email);
    const customer = await makeCustomerFor(suite.dbh.db, org.users.southRep);
    const created = (
      await rep.request({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: {
          title: '回访',
          dueAt: '2026-06-01T02:00:00Z',
          remindAt: '2026-06-01T01:00:00Z',
          relatedType: 'customer',
          relatedId: customer.id,
        },
      })
    ).json();
    await deliverDueReminders(suite.dbh.db, new Date('2026-06-01T01:00:30Z'));
    const later = await rep.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${created.id}`,
      payload: { remindAt: '2026-06-01T01:30:00Z' },
      version: created.version,
    });
    await deliverDueReminders(suite.dbh.db, new Date('2026-06-01T01:30:30Z'));
    await rep.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${created.id}`,
      payload: { remindAt: '2026-06-01T01:00:00Z' },
      version: later.json().version,
    });
    await deliverDueReminders(suite.dbh.db, new Date('2026-06-01T01:31:00Z'));
    const items = (await rep.request({ method: 'GET', url: '/api/v1/notifications' })).json().items as {
      link: string;
    }[];
    expect(items).toHaveLength(3);
    expect(new Set(items.map((i) => i.link))).toEqual(new Set([`/customers/${customer.id}`]));
  });

  it('a reminder may not come after the task is due, on create or after a change of either time', async () => {
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const due = new Date(Date.now() + 3 * 86_400_000);
    const after = new Date(due.getTime() + 3_600_000).toISOString();
    const late = await rep.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: '提醒晚于到期', dueAt: due.toISOString(), remindAt: after },
    });
    expect(late.statusCode, late.body).toBe(400);
    expect(late.json().error.details).toEqual([
      { path: 'remindAt', message: 'must not be later than the due time' },
    ]);
    const remindAt = new Date(due.getTime() - 3_600_000).toISOString();
    const made = await rep.request({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: '提醒早于到期', dueAt: due.toISOString(), remindAt },
    });
    expect(made.statusCode, made.body).toBe(201);
    // Moving the due time before the unchanged reminder is refused too, and changes nothing.
    const earlier = await rep.request({
      method: 'PATCH',
      url: `/api/v1/tasks/${made.json().id}`,
      payload: { dueAt: new Date(due.getTime() - 7_200_000).toISOString() },
      version: made.json().version,
    });
    expect(earlier.statusCode, earlier.body).toBe(400);
    expect(earlier.json().error.details[0].path).toBe('remindAt');
    const still = await rep.request({ method: 'GET', url: `/api/v1/tasks/${made.json().id}` });
    expect(still.json()).toMatchObject({ version: made.json().version, dueAt: due.toISOString() });
  });
});
