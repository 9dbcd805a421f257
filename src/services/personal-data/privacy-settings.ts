import { eq } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import { orgs } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { PersonalDataAccess } from '../../policies/personal-data.ts';
import { auditChange } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';

export interface PrivacySettings {
  /** How director and sales_ops see personal data: masked, on_request or full (absent = masked). */
  personalDataAccess: Required<PersonalDataAccess>;
  /** The org record's version: send it in If-Match to change the settings. */
  version: number;
  updatedAt: Date;
}

async function loadOrg(ctx: ServiceContext, lock: boolean) {
  const q = ctx.db.select().from(orgs).where(eq(orgs.id, ctx.actor.orgId)).limit(1);
  const [org] = lock ? await q.for('update') : await q;
  if (!org) {
    throw new Invalid('Your organisation no longer exists.');
  }
  return org;
}

const present = (org: typeof orgs.$inferSelect): PrivacySettings => ({
  personalDataAccess: { director: 'masked', sales_ops: 'masked', ...org.personalDataAccess },
  version: org.version,
  updatedAt: org.updatedAt,
});

/** The org's privacy settings; every signed-in user may read them (the web explains masking by them). */
export async function getPrivacySettings(ctx: ServiceContext): Promise<PrivacySettings> {
  return present(await loadOrg(ctx, false));
}

/** Admin only: how director and sales_ops see contacts' and leads' personal data. Audited. */
export async function updatePrivacySettings(
  ctx: ServiceContext,
  version: number,
  input: { personalDataAccess: PersonalDataAccess },
): Promise<PrivacySettings> {
  assertCan(ctx.actor, 'privacy.write');
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const current = await loadOrg(txCtx, true);
    checkVersion('privacy settings', current, version);
    const now = ctx.now();
    const access = { ...current.personalDataAccess, ...input.personalDataAccess };
    const [updated] = await tx
      .update(orgs)
      .set({
        personalDataAccess: access,
        version: current.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(eq(orgs.id, current.id))
      .returning();
    await auditChange(tx, ctx, {
      entity: 'privacy settings',
      entityId: current.id,
      before: current,
      after: updated!,
      fields: ['personalDataAccess'],
      at: now,
    });
    return present(updated!);
  });
}
