import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../core/auth/roles.ts';
import {
  DEMO_EMAIL_DOMAIN,
  DEMO_LOGINS,
  DEMO_ORG_NAME,
  DEMO_PASSWORD,
} from '../../core/demo/org-structure.ts';
import type { Db } from '../../db/client.ts';
import { orgs } from '../../db/schema/index.ts';
import { TABLES } from '../backup/backup-database.ts';
import { seedDemoData } from '../demo/seed-demo-data.ts';
import { createOrg } from './create-org.ts';

export { DEMO_ORG_NAME, DEMO_PASSWORD } from '../../core/demo/org-structure.ts';

export interface DemoLogin {
  role: Role;
  email: string;
  name: string;
}

export function demoLogins(): DemoLogin[] {
  return DEMO_LOGINS.map(({ role, local, name }) => ({ role, email: `${local}@${DEMO_EMAIL_DOMAIN}`, name }));
}

/**
 * The demo organisation: a company with four regions (华东, 华南, 华北, 西南) of three teams each,
 * one login per role and a realistic, deterministic history (services/demo/seed-demo-data.ts):
 * ~60 users, 5k customers, 20k leads, 8k deals over the 3 years before `now`. The org and its
 * admin get fresh ids; everything else is derived from the seed. All or nothing.
 */
export async function seedDemoOrg(
  db: Db,
  now: Date,
  options: { scale?: number; seed?: number } = {},
): Promise<{ orgId: string; logins: DemoLogin[] }> {
  const admin = demoLogins()[0]!;
  const orgId = await db.transaction(async (tx) => {
    const created = await createOrg(
      tx,
      {
        name: DEMO_ORG_NAME,
        isDemo: true,
        admin: { name: admin.name, email: admin.email, password: DEMO_PASSWORD },
      },
      now,
    );
    await seedDemoData({
      db: tx,
      orgId: created.orgId,
      today: now,
      scale: options.scale,
      seed: options.seed,
    });
    return created.orgId;
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
export async function reseedDemoOrg(
  db: Db,
  now: Date,
  options: { scale?: number; seed?: number } = {},
): Promise<{ orgId: string; logins: DemoLogin[] }> {
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
  return seedDemoOrg(db, now, options);
}
