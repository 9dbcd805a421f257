import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../core/auth/roles.ts';
import type { Db } from '../../db/client.ts';
import { orgs, orgUnits, users } from '../../db/schema/index.ts';
import { hashPassword } from '../auth/passwords.ts';
import { TABLES } from '../backup/backup-database.ts';
import { newId } from '../context.ts';
import { createOrg } from './create-org.ts';

/** Shared by every demo login; printed at start. Change it (or the users) before real use. */
export const DEMO_PASSWORD = 'salesops-demo-2026';
export const DEMO_ORG_NAME = '演示科技有限公司 (Demo Tech)';

export interface DemoLogin {
  role: Role;
  email: string;
  name: string;
}

const REGIONS: { name: string; teams: string[] }[] = [
  { name: '华东', teams: ['上海一组', '上海二组', '杭州组'] },
  { name: '华南', teams: ['广州组', '深圳组', '厦门组'] },
  { name: '华北', teams: ['北京一组', '北京二组', '天津组'] },
  { name: '西南', teams: ['成都组', '重庆组', '昆明组'] },
];

const LOGINS: (DemoLogin & { unit: string })[] = [
  { role: 'admin', email: 'admin@demo.salesops.local', name: '王管理 (Admin)', unit: 'company' },
  { role: 'director', email: 'director@demo.salesops.local', name: '张总监 (Director)', unit: 'company' },
  { role: 'sales_ops', email: 'ops@demo.salesops.local', name: '李运营 (Sales Ops)', unit: 'company' },
  { role: 'finance', email: 'finance@demo.salesops.local', name: '赵财务 (Finance)', unit: 'company' },
  { role: 'manager', email: 'manager.east@demo.salesops.local', name: '陈经理 (East manager)', unit: '华东' },
  {
    role: 'manager',
    email: 'manager.south@demo.salesops.local',
    name: '周经理 (South manager)',
    unit: '华南',
  },
  { role: 'rep', email: 'rep.east@demo.salesops.local', name: '刘销售 (East rep)', unit: '上海一组' },
  { role: 'rep', email: 'rep.south@demo.salesops.local', name: '黄销售 (South rep)', unit: '广州组' },
];

export function demoLogins(): DemoLogin[] {
  return LOGINS.map(({ role, email, name }) => ({ role, email, name }));
}

/**
 * The demo organisation: a company with four regions (华东, 华南, 华北, 西南) of three teams each,
 * and one login per role. Deterministic names; ids are fresh.
 */
export async function seedDemoOrg(db: Db, now: Date): Promise<{ orgId: string; logins: DemoLogin[] }> {
  const admin = LOGINS[0]!;
  const { orgId, rootUnitId, adminId } = await createOrg(
    db,
    {
      name: DEMO_ORG_NAME,
      isDemo: true,
      admin: { name: admin.name, email: admin.email, password: DEMO_PASSWORD },
    },
    now,
  );
  const unitIds = new Map<string, string>([['company', rootUnitId]]);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    let order = 0;
    for (const region of REGIONS) {
      const regionId = newId();
      unitIds.set(region.name, regionId);
      await tx.insert(orgUnits).values({
        orgId,
        id: regionId,
        name: region.name,
        parentId: rootUnitId,
        kind: 'region',
        sortOrder: order++,
        createdAt: now,
        updatedAt: now,
      });
      for (const team of region.teams) {
        const teamId = newId();
        unitIds.set(team, teamId);
        await tx.insert(orgUnits).values({
          orgId,
          id: teamId,
          name: team,
          parentId: regionId,
          kind: 'team',
          sortOrder: order++,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    const ids = new Map<string, string>([[admin.email, adminId]]);
    for (const login of LOGINS.slice(1)) {
      const id = newId();
      ids.set(login.email, id);
      const managerEmail =
        login.role === 'rep'
          ? login.unit === '上海一组'
            ? 'manager.east@demo.salesops.local'
            : 'manager.south@demo.salesops.local'
          : login.role === 'manager'
            ? 'director@demo.salesops.local'
            : null;
      await tx.insert(users).values({
        orgId,
        id,
        name: login.name,
        email: login.email,
        role: login.role,
        unitId: unitIds.get(login.unit)!,
        managerId: managerEmail ? (ids.get(managerEmail) ?? null) : null,
        passwordHash,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
    }
  });
  return { orgId, logins: demoLogins() };
}

/** True when no organisation exists yet (first start). */
export async function hasNoOrgs(db: Db): Promise<boolean> {
  const r = await db.select({ n: sql<number>`count(*)::int` }).from(orgs);
  return (r[0]?.n ?? 0) === 0;
}

/**
 * `salesops demo`: wipes the demo organisation (only an org flagged is_demo) and seeds it anew.
 * The audit trigger lets exactly this org's rows go, named in a transaction-local setting.
 */
export async function reseedDemoOrg(db: Db, now: Date): Promise<{ orgId: string; logins: DemoLogin[] }> {
  const demos = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  for (const { id } of demos) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('salesops.purge_org', ${id}, true)`);
      // Children first (the backup's table list is parents-first); self-references are checked at
      // the end of each statement, so one DELETE per table suffices.
      for (const table of [...TABLES].reverse()) {
        if (table.orgColumn === 'org_id') {
          await tx.execute(sql`delete from ${sql.identifier(table.name)} where org_id = ${id}`);
        }
      }
      await tx.execute(sql`delete from orgs where id = ${id}`);
    });
  }
  return seedDemoOrg(db, now);
}
