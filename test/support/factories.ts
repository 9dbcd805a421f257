import type { Role } from '../../src/core/auth/roles.ts';
import type { Db } from '../../src/db/client.ts';
import { orgs, orgUnits, users } from '../../src/db/schema/index.ts';
import { hashPassword } from '../../src/services/auth/passwords.ts';
import { newId } from '../../src/services/context.ts';

/** The password every factory user has (hashed once per file: scrypt is deliberately slow). */
export const PASSWORD = 'correct-horse-battery';
let hash: Promise<string> | undefined;
const passwordHash = () => {
  hash ??= hashPassword(PASSWORD);
  return hash;
};

let seq = 0;
const next = () => ++seq;

export async function makeOrg(db: Db, overrides: Partial<typeof orgs.$inferInsert> = {}) {
  const now = new Date();
  const [org] = await db
    .insert(orgs)
    .values({ id: newId(), name: `Org ${next()}`, createdAt: now, updatedAt: now, ...overrides })
    .returning();
  const [root] = await db
    .insert(orgUnits)
    .values({
      orgId: org!.id,
      id: newId(),
      name: 'HQ',
      parentId: null,
      kind: 'company',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { org: org!, root: root! };
}

export async function makeUnit(
  db: Db,
  orgId: string,
  parentId: string,
  overrides: Partial<typeof orgUnits.$inferInsert> = {},
) {
  const now = new Date();
  const [unit] = await db
    .insert(orgUnits)
    .values({
      orgId,
      id: newId(),
      name: `Unit ${next()}`,
      parentId,
      kind: 'team',
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return unit!;
}

export async function makeUser(
  db: Db,
  orgId: string,
  unitId: string,
  role: Role,
  overrides: Partial<typeof users.$inferInsert> = {},
) {
  const now = new Date();
  const n = next();
  const [user] = await db
    .insert(users)
    .values({
      orgId,
      id: newId(),
      name: `${role} ${n}`,
      email: `${role}.${n}.${Math.random().toString(36).slice(2, 8)}@example.test`,
      role,
      unitId,
      passwordHash: await passwordHash(),
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return user!;
}

/**
 * The org most access tests use: company → 华东 (→ 上海组) and 华南, with one user per role; the
 * 华东 manager and rep sit in 华东/上海组, their 华南 peers in 华南.
 */
export async function makeRegionalOrg(db: Db) {
  const { org, root } = await makeOrg(db);
  const east = await makeUnit(db, org.id, root.id, { name: '华东', kind: 'region' });
  const shanghai = await makeUnit(db, org.id, east.id, { name: '上海组' });
  const south = await makeUnit(db, org.id, root.id, { name: '华南', kind: 'region' });
  const admin = await makeUser(db, org.id, root.id, 'admin');
  const director = await makeUser(db, org.id, root.id, 'director');
  const salesOps = await makeUser(db, org.id, root.id, 'sales_ops');
  const finance = await makeUser(db, org.id, root.id, 'finance');
  const eastManager = await makeUser(db, org.id, east.id, 'manager');
  const eastRep = await makeUser(db, org.id, shanghai.id, 'rep', { managerId: eastManager.id });
  const southManager = await makeUser(db, org.id, south.id, 'manager');
  const southRep = await makeUser(db, org.id, south.id, 'rep', { managerId: southManager.id });
  return {
    org,
    units: { root, east, shanghai, south },
    users: { admin, director, salesOps, finance, eastManager, eastRep, southManager, southRep },
  };
}
