import { eq, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { ROLES, type Role } from '../core/auth/roles.ts';
import { orgs, orgUnits, users } from '../db/schema/index.ts';
import { backupDatabase } from '../services/backup/backup-database.ts';
import { restoreDatabase } from '../services/backup/restore-database.ts';
import { systemNow } from '../services/context.ts';
import { rebuildRollups } from '../services/maintenance/rebuild-rollups.ts';
import { DEMO_PASSWORD, reseedDemoOrg } from '../services/orgs/seed-demo-org.ts';
import { createUser } from '../services/users/create-user.ts';
import { setPasswordByEmail } from '../services/users/set-password-by-email.ts';
import { openDatabase } from './runtime.ts';
import { start } from './start.ts';
import { SYSTEM_USER_ID, systemActor } from './system-actor.ts';

type Values = Record<string, string | boolean | undefined>;
export type Command = (config: Config, values: Values) => Promise<void>;

const log = (m: string) => console.log(`[salesops] ${m}`);

function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') {
    throw new Error(`--${name} is required.`);
  }
  return v;
}

async function withDatabase<T>(
  config: Config,
  fn: (db: import('../db/client.ts').Db) => Promise<T>,
): Promise<T> {
  const runtime = await openDatabase(config, log);
  try {
    return await fn(runtime.database.db);
  } finally {
    await runtime.close();
  }
}

export const commands: Record<string, Command> = {
  start: (config) => start(config),

  migrate: async (config) => {
    await withDatabase(config, async () => {});
    log('Migrations applied.');
  },

  'create-user': async (config, values) => {
    const role = required(values, 'role');
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new Error(`--role must be one of ${ROLES.join(', ')}.`);
    }
    await withDatabase(config, async (db) => {
      const all = await db.select().from(orgs);
      const org =
        typeof values.org === 'string'
          ? all.find((o) => o.id === values.org)
          : all.length === 1
            ? all[0]
            : undefined;
      if (!org) {
        throw new Error(
          all.length === 0
            ? 'No organisation exists yet.'
            : `Name the organisation with --org (one of: ${all.map((o) => `${o.id} ${o.name}`).join('; ')}).`,
        );
      }
      const [root] = await db
        .select()
        .from(orgUnits)
        .where(sql`${orgUnits.orgId} = ${org.id} and ${orgUnits.parentId} is null`);
      const user = await createUser(
        { db, actor: systemActor(org.id, root!.id), now: systemNow, meta: { userAgent: 'salesops CLI' } },
        {
          email: required(values, 'email'),
          name: required(values, 'name'),
          role: role as Role,
          password: required(values, 'password'),
          unitId: typeof values.unit === 'string' ? values.unit : root!.id,
        },
      );
      log(`Created ${user.role} ${user.email} (${user.id}) in ${org.name}.`);
    });
  },

  'reset-password': async (config, values) => {
    await withDatabase(config, async (db) => {
      const email = required(values, 'email');
      await setPasswordByEmail(db, email, required(values, 'password'), systemNow());
      const [u] = await db
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
      log(`Password of ${email} (${u?.id}) set; their sessions and tokens have ended.`);
    });
  },

  'rebuild-rollups': async (config, values) => {
    const orgId = typeof values.org === 'string' ? values.org : undefined;
    const result = await withDatabase(config, (db) => rebuildRollups(db, orgId ? { orgId } : {}));
    log(
      `Rollups recounted from the raw tables: pipeline board ${result.dealBoardRows} rows, receivables aging ${result.receivablesAgingRows} rows.`,
    );
  },

  demo: async (config) => {
    await withDatabase(config, async (db) => {
      const { logins } = await reseedDemoOrg(db, systemNow());
      log(`Demo organisation reseeded. Logins (password "${DEMO_PASSWORD}"):`);
      for (const l of logins) {
        log(`  ${l.role.padEnd(9)} ${l.email}`);
      }
    });
  },

  backup: async (config, values) => {
    const out = required(values, 'out');
    const runtime = await openDatabase(config, log, { existing: true });
    try {
      const result = await backupDatabase({
        pool: runtime.database.pool,
        out,
        orgId: typeof values.org === 'string' ? values.org : undefined,
        force: values.force === true,
        actor: { userId: SYSTEM_USER_ID, name: 'salesops CLI' },
        now: systemNow(),
      });
      const what = result.orgId ? `org ${result.orgId}` : 'the whole database';
      log(
        `Backup of ${what} written to ${result.file}${result.replaced ? ' (replaced the previous file)' : ''}.`,
      );
      log(`Organisations (${result.orgs.length}):`);
      for (const org of result.orgs) {
        log(`  ${org.id} ${org.name}`);
      }
      log('Rows per table:');
      for (const [table, n] of Object.entries(result.rows)) {
        log(`  ${table.padEnd(22)} ${n}`);
      }
    } finally {
      await runtime.close();
    }
  },

  // Opened without migrating: restoreDatabase refuses a database holding data before it changes
  // anything, then applies this build's migrations itself.
  restore: async (config, values) => {
    const file = required(values, 'in');
    const runtime = await openDatabase(config, log, { migrate: false });
    try {
      const result = await restoreDatabase({ pool: runtime.database.pool, file });
      const what = result.orgId ? `org ${result.orgId}` : 'the whole database';
      log(`Restored ${what} (backup of ${result.createdAt}):`);
      for (const [table, n] of Object.entries(result.rows)) {
        log(`  ${table.padEnd(16)} ${n}`);
      }
    } finally {
      await runtime.close();
    }
  },
};
