import { and, eq, inArray, sql } from 'drizzle-orm';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { activities, contacts, importFiles, importJobs, leads, tasks } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { PERSONAL_FIELD_NAMES } from '../../policies/personal-data.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import type { PersonEntity } from './reveal-personal-data.ts';

/** The name an erased person's records carry (the web shows it translated, by `erasedAt`). */
export const ERASED_NAME = '—';
/** What an erased identifier becomes inside free text (activities, tasks, import reports). */
export const ERASED_MARK = '[erased]';

export interface ErasureResult {
  contacts: string[];
  leads: string[];
  /** Activities and tasks whose text held one of the identifiers (the identifier replaced). */
  textsScrubbed: number;
  /** Unfinished imports whose uploaded file held an identifier (file discarded, import failed). */
  importsDiscarded: number;
}

type Contact = typeof contacts.$inferSelect;
type Lead = typeof leads.$inferSelect;

/**
 * "Erase personal data" (PIPL art. 47; docs/personal-data.md), admin only, in one transaction: the
 * person — the record named and the lead/contact it was converted from or into — keeps its records
 * (so deals, activities and figures keep their links and totals), but loses its name, title,
 * identifiers, consent and (lead) notes. Identifiers found in activities' and tasks' text and import
 * reports are replaced by `[erased]`; names in free text stay. Audit payloads never held the
 * identifiers (record-audit.ts redacts them), so the append-only trail needs no rewrite. The caller
 * confirms by typing the person's current name. Audited per record, without the erased values.
 */
export async function erasePerson(
  ctx: ServiceContext,
  entity: PersonEntity,
  id: string,
  version: number,
  confirmName: string,
): Promise<ErasureResult> {
  assertCan(ctx.actor, 'privacy.write');
  const orgId = ctx.actor.orgId;
  return ctx.db.transaction(async (tx) => {
    const table = entity === 'contact' ? contacts : leads;
    const [first] = await tx
      .select()
      .from(table)
      .where(and(eq(table.orgId, orgId), eq(table.id, id)))
      .for('update');
    checkVersion(entity, first, version);
    if (first.erasedAt) {
      throw new RuleViolated("This person's personal data has already been erased.");
    }
    if (confirmName.trim() !== first.name.trim()) {
      throw new Invalid("Type the person's name exactly to confirm the erasure.", [
        { path: 'confirmName', message: "does not match the person's name" },
      ]);
    }
    const people = await linkedRecords(tx, orgId, entity, first as Contact & Lead);
    const identifiers = [...people.contacts, ...people.leads].flatMap((r) =>
      PERSONAL_FIELD_NAMES.map((f) => r[f]).filter(
        (v): v is string => typeof v === 'string' && v.length >= 5,
      ),
    );
    const now = ctx.now();
    const wiped = {
      name: ERASED_NAME,
      title: null,
      mobile: null,
      email: null,
      wechat: null,
      marketingConsent: null,
      marketingConsentAt: null,
      marketingConsentChannel: null,
      erasedAt: now,
      updatedAt: now,
      updatedBy: ctx.actor.userId,
    };
    for (const c of people.contacts) {
      await tx
        .update(contacts)
        .set({ ...wiped, version: c.version + 1 })
        .where(and(eq(contacts.orgId, orgId), eq(contacts.id, c.id)));
    }
    for (const l of people.leads) {
      await tx
        .update(leads)
        .set({ ...wiped, notes: null, version: l.version + 1 })
        .where(and(eq(leads.orgId, orgId), eq(leads.id, l.id)));
    }
    const textsScrubbed = await scrubTexts(tx, orgId, [...new Set(identifiers)]);
    const importsDiscarded = await discardImportFiles(tx, orgId, [...new Set(identifiers)], now);
    const audited = [
      ...people.contacts.map((r) => ['contact', r] as const),
      ...people.leads.map((r) => ['lead', r] as const),
    ];
    for (const [kind, r] of audited) {
      const erased = ['name', 'title', ...PERSONAL_FIELD_NAMES].filter(
        (f) => r[f as keyof typeof r] !== null,
      );
      await recordAudit({
        db: tx,
        orgId,
        actor: ctx.actor,
        action: 'erase',
        entity: kind,
        entityId: r.id,
        changes: {
          fields: { before: null, after: erased },
          ...(kind === entity && r.id === id
            ? { textsScrubbed: { before: null, after: textsScrubbed } }
            : {}),
        },
        meta: ctx.meta,
        at: now,
      });
    }
    return {
      contacts: people.contacts.map((c) => c.id),
      leads: people.leads.map((l) => l.id),
      textsScrubbed,
      importsDiscarded,
    };
  });
}

/** The person's records: the one named plus the lead it came from / the contact it became. */
async function linkedRecords(
  tx: Queryable,
  orgId: string,
  entity: PersonEntity,
  first: Contact & Lead,
): Promise<{ contacts: Contact[]; leads: Lead[] }> {
  if (entity === 'contact') {
    const fromLeads = await tx
      .select()
      .from(leads)
      .where(
        and(eq(leads.orgId, orgId), eq(leads.convertedContactId, first.id), sql`${leads.erasedAt} is null`),
      )
      .for('update');
    return { contacts: [first], leads: fromLeads };
  }
  const became = first.convertedContactId
    ? await tx
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.orgId, orgId),
            eq(contacts.id, first.convertedContactId),
            sql`${contacts.erasedAt} is null`,
          ),
        )
        .for('update')
    : [];
  return { contacts: became, leads: [first] };
}

/** Replaces the identifiers inside activities' and tasks' free text; answers how many rows changed. */
async function scrubTexts(tx: Queryable, orgId: string, identifiers: string[]): Promise<number> {
  const changed = new Set<string>();
  for (const v of identifiers) {
    const pattern = `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const a = await tx
      .update(activities)
      .set({
        subject: sql`replace(${activities.subject}, ${v}, ${ERASED_MARK})`,
        notes: sql`replace(${activities.notes}, ${v}, ${ERASED_MARK})`,
        outcome: sql`replace(${activities.outcome}, ${v}, ${ERASED_MARK})`,
        nextStep: sql`replace(${activities.nextStep}, ${v}, ${ERASED_MARK})`,
      })
      .where(
        and(
          eq(activities.orgId, orgId),
          sql`(${activities.subject} like ${pattern} or ${activities.notes} like ${pattern} or ${activities.outcome} like ${pattern} or ${activities.nextStep} like ${pattern})`,
        ),
      )
      .returning({ id: activities.id });
    const t = await tx
      .update(tasks)
      .set({
        title: sql`replace(${tasks.title}, ${v}, ${ERASED_MARK})`,
        notes: sql`replace(${tasks.notes}, ${v}, ${ERASED_MARK})`,
      })
      .where(
        and(eq(tasks.orgId, orgId), sql`(${tasks.title} like ${pattern} or ${tasks.notes} like ${pattern})`),
      )
      .returning({ id: tasks.id });
    // Import reports quote rejected values ('"…" is not a valid mobile number'); identifiers are
    // plain text without JSON escapes, so a textual replace keeps the JSON valid.
    if (!/["\\]/.test(v)) {
      await tx
        .update(importJobs)
        .set({ report: sql`replace(${importJobs.report}::text, ${v}, ${ERASED_MARK})::jsonb` })
        .where(and(eq(importJobs.orgId, orgId), sql`${importJobs.report}::text like ${pattern}`));
    }
    for (const r of [...a, ...t]) {
      changed.add(r.id);
    }
  }
  return changed.size;
}

/**
 * An import's uploaded file is kept only until the import finishes; an unfinished one that holds an
 * identifier is discarded and its import marked failed, since the file cannot be edited in place.
 */
async function discardImportFiles(tx: Queryable, orgId: string, identifiers: string[], now: Date) {
  if (identifiers.length === 0) {
    return 0;
  }
  const hits = await tx
    .select({ importId: importFiles.importId })
    .from(importFiles)
    .where(
      and(
        eq(importFiles.orgId, orgId),
        sql`exists (select 1 from unnest(${sql.param(identifiers)}::text[]) as v(x) where position(convert_to(v.x, 'UTF8') in decode(${importFiles.content}, 'base64')) > 0)`,
      ),
    );
  const ids = hits.map((h) => h.importId);
  if (ids.length > 0) {
    await tx.delete(importFiles).where(and(eq(importFiles.orgId, orgId), inArray(importFiles.importId, ids)));
    await tx
      .update(importJobs)
      .set({
        status: 'failed',
        error: 'The uploaded file was discarded: it held personal data that an admin erased.',
        finishedAt: now,
      })
      .where(
        and(
          eq(importJobs.orgId, orgId),
          inArray(importJobs.id, ids),
          sql`${importJobs.status} not in ('succeeded', 'failed')`,
        ),
      );
  }
  return ids.length;
}
