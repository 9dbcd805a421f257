import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { ErrorDetail } from '../../core/errors.ts';
import { Forbidden, Invalid, NotFound } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import type { Queryable } from '../../db/client.ts';
import { leadAssignmentRules, orgUnits, users } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { type Actor, unitSubtree } from '../../policies/scope.ts';
import { auditChange, recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import { optText } from './lead-fields.ts';

export const RULE_KINDS = ['round_robin', 'mapping'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export type AssignmentRule = typeof leadAssignmentRules.$inferSelect;

const RULE_AUDIT_FIELDS = [
  'name',
  'kind',
  'priority',
  'matchRegion',
  'matchIndustry',
  'unitId',
  'userId',
  'active',
] as const;

export interface RuleInput {
  name: string;
  kind: RuleKind;
  priority?: number | undefined;
  matchRegion?: string | null | undefined;
  matchIndustry?: string | null | undefined;
  unitId?: string | null | undefined;
  userId?: string | null | undefined;
  active?: boolean | undefined;
}

/** Reps and finance do not manage lead routing, and do not read it either. */
function assertCanRead(actor: Actor) {
  if (actor.role === 'rep' || actor.role === 'finance') {
    throw new Forbidden(`Your role (${actor.role}) may not see lead assignment rules.`);
  }
}

/**
 * Rules visible to the actor: the whole org for admin, director and sales_ops; for a manager, rules
 * whose unit — or, for a rule naming only a user, that user's unit — lies in their subtree.
 */
function ruleScope(actor: Actor): SQL {
  const org = sql`${leadAssignmentRules.orgId} = ${actor.orgId}`;
  if (actor.role !== 'manager') {
    return org;
  }
  const sub = unitSubtree(actor.orgId, actor.unitId);
  return sql`${org} and (${leadAssignmentRules.unitId} in ${sub} or (${leadAssignmentRules.unitId} is null and ${leadAssignmentRules.userId} in (select u.id from users u where u.org_id = ${actor.orgId} and u.unit_id in ${sub})))`;
}

async function findRule(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(leadAssignmentRules)
    .where(and(ruleScope(actor), eq(leadAssignmentRules.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function listAssignmentRules(ctx: ServiceContext): Promise<AssignmentRule[]> {
  assertCanRead(ctx.actor);
  return ctx.db
    .select()
    .from(leadAssignmentRules)
    .where(ruleScope(ctx.actor))
    .orderBy(
      asc(leadAssignmentRules.priority),
      asc(leadAssignmentRules.createdAt),
      asc(leadAssignmentRules.id),
    );
}

export async function getAssignmentRule(ctx: ServiceContext, id: string): Promise<AssignmentRule> {
  assertCanRead(ctx.actor);
  const row = await findRule(ctx.db, ctx.actor, id);
  if (!row) {
    throw new NotFound('No such lead assignment rule.');
  }
  return row;
}

/**
 * Shape rules (400): round_robin needs a unit; mapping needs a unit or a user; the unit and user
 * must exist in the org. Scope (403): a manager's rule must stay inside their subtree.
 */
async function checkRule(
  db: Queryable,
  actor: Actor,
  r: { kind: string; unitId: string | null; userId: string | null },
) {
  const details: ErrorDetail[] = [];
  if (r.kind === 'round_robin' && !r.unitId) {
    details.push({ path: 'unitId', message: 'required for a round_robin rule' });
  }
  if (r.kind === 'mapping' && !r.unitId && !r.userId) {
    details.push({ path: 'unitId', message: 'a mapping rule needs a unitId or a userId' });
  }
  let userUnit: string | null = null;
  if (r.unitId) {
    const [u] = await db
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.orgId, actor.orgId), eq(orgUnits.id, r.unitId)));
    if (!u) {
      details.push({ path: 'unitId', message: 'no such org unit' });
    }
  }
  if (r.userId) {
    const [u] = await db
      .select({ unitId: users.unitId })
      .from(users)
      .where(and(eq(users.orgId, actor.orgId), eq(users.id, r.userId)));
    if (u) {
      userUnit = u.unitId;
    } else {
      details.push({ path: 'userId', message: 'no such user' });
    }
  }
  if (details.length > 0) {
    throw new Invalid(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  if (actor.role === 'manager') {
    for (const [path, unit] of [
      ['unitId', r.unitId],
      ['userId', userUnit],
    ] as const) {
      if (unit === null) {
        continue;
      }
      const res = await db.execute<{ hit: boolean }>(
        sql`select ${unit}::uuid in ${unitSubtree(actor.orgId, actor.unitId)} as hit`,
      );
      if (!res.rows[0]?.hit) {
        throw new Forbidden('A manager may only route leads inside their own units.', [
          { path, message: 'outside your unit subtree' },
        ]);
      }
    }
  }
}

export async function createAssignmentRule(ctx: ServiceContext, input: RuleInput): Promise<AssignmentRule> {
  assertCan(ctx.actor, 'lead_rules.write');
  return ctx.db.transaction(async (tx) => {
    const values = {
      name: input.name.trim(),
      kind: input.kind,
      priority: input.priority ?? 100,
      matchRegion: optText(input.matchRegion) ?? null,
      matchIndustry: optText(input.matchIndustry) ?? null,
      unitId: input.unitId ?? null,
      userId: input.userId ?? null,
      active: input.active ?? true,
    };
    await checkRule(tx, ctx.actor, values);
    const now = ctx.now();
    const [row] = await tx
      .insert(leadAssignmentRules)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        ...values,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const rule = row!;
    await auditChange(tx, ctx, {
      entity: 'lead_assignment_rule',
      entityId: rule.id,
      before: null,
      after: rule,
      fields: RULE_AUDIT_FIELDS,
      at: now,
    });
    return rule;
  });
}

export async function updateAssignmentRule(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: Partial<RuleInput>,
): Promise<AssignmentRule> {
  assertCanRead(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const current = await findRule(tx, ctx.actor, id, { lock: true });
    checkVersion('lead assignment rule', current, version);
    assertCan(ctx.actor, 'lead_rules.write');
    const patch: Partial<typeof leadAssignmentRules.$inferInsert> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
    }
    if (input.kind !== undefined) {
      patch.kind = input.kind;
    }
    if (input.priority !== undefined) {
      patch.priority = input.priority;
    }
    if (input.matchRegion !== undefined) {
      patch.matchRegion = optText(input.matchRegion) ?? null;
    }
    if (input.matchIndustry !== undefined) {
      patch.matchIndustry = optText(input.matchIndustry) ?? null;
    }
    if (input.unitId !== undefined) {
      patch.unitId = input.unitId;
    }
    if (input.userId !== undefined) {
      patch.userId = input.userId;
    }
    if (input.active !== undefined) {
      patch.active = input.active;
    }
    await checkRule(tx, ctx.actor, {
      kind: patch.kind ?? current.kind,
      unitId: patch.unitId !== undefined ? patch.unitId : current.unitId,
      userId: patch.userId !== undefined ? patch.userId : current.userId,
    });
    const now = ctx.now();
    const updated = await saveVersioned(tx, ctx, leadAssignmentRules, current, patch, now, {
      entity: 'lead_assignment_rule',
      fields: RULE_AUDIT_FIELDS,
    });
    return updated;
  });
}

export async function deleteAssignmentRule(ctx: ServiceContext, id: string, version: number): Promise<void> {
  assertCanRead(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const current = await findRule(tx, ctx.actor, id, { lock: true });
    checkVersion('lead assignment rule', current, version);
    assertCan(ctx.actor, 'lead_rules.write');
    await tx
      .delete(leadAssignmentRules)
      .where(and(eq(leadAssignmentRules.orgId, ctx.actor.orgId), eq(leadAssignmentRules.id, id)));
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'delete',
      entity: 'lead_assignment_rule',
      entityId: id,
      changes: diffFields(current, null, RULE_AUDIT_FIELDS),
      meta: ctx.meta,
      at: ctx.now(),
    });
  });
}
