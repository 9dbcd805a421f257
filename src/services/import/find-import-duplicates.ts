import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { customerNameKey } from '../../core/customers/index.ts';
import type { RecordEntity } from '../../core/import/index.ts';
import type { Queryable } from '../../db/client.ts';
import { contacts, customers, deals, leads } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import { anyOf, chunked, type DuplicatePolicy, type PlannedRow, str } from './planned-row.ts';

interface Existing {
  id: string;
  inScope: boolean;
  keys: string[];
}

/** Duplicate keys of a row (a customer's name key is kept on the row for the insert): customers by credit code / name key; contacts by mobile / e-mail within the customer; leads by mobile / e-mail. */
function keysOf(entity: RecordEntity, p: PlannedRow): { strong: string[]; weak: string[] } {
  const v = p.values;
  switch (entity) {
    case 'customers': {
      if (str(v.name)) {
        p.refs.nameKey ??= customerNameKey(v.name as string);
      }
      return {
        strong: str(v.creditCode) ? [`cc:${v.creditCode}`] : [],
        weak: p.refs.nameKey !== undefined ? [`nk:${p.refs.nameKey}`] : [],
      };
    }
    case 'contacts': {
      const c = p.refs.customerId;
      if (!c) {
        return { strong: [], weak: [] };
      }
      const k: string[] = [];
      if (str(v.mobile)) {
        k.push(`${c}|m:${v.mobile}`);
      }
      if (str(v.email)) {
        k.push(`${c}|e:${v.email}`);
      }
      return { strong: [], weak: k };
    }
    case 'leads': {
      const k: string[] = [];
      if (str(v.mobile)) {
        k.push(`m:${v.mobile}`);
      }
      if (str(v.email)) {
        k.push(`e:${v.email}`);
      }
      return { strong: [], weak: k };
    }
    case 'deals':
      return {
        strong: [],
        weak:
          p.refs.customerId && str(v.name)
            ? [`${p.refs.customerId}|${(v.name as string).toLowerCase()}`]
            : [],
      };
    case 'activities':
      return { strong: [], weak: [] };
  }
}

async function loadExisting(
  db: Queryable,
  actor: Actor,
  entity: RecordEntity,
  keys: string[],
): Promise<Existing[]> {
  if (keys.length === 0) {
    return [];
  }
  switch (entity) {
    case 'customers': {
      const cc = keys.filter((k) => k.startsWith('cc:')).map((k) => k.slice(3));
      const nk = keys.filter((k) => k.startsWith('nk:')).map((k) => k.slice(3));
      // Two index lookups (credit code, name key) rather than one OR, which would scan the table.
      const lookup = (col: typeof customers.creditCode | typeof customers.nameKey) => (part: string[]) =>
        db
          .select({
            id: customers.id,
            creditCode: customers.creditCode,
            nameKey: customers.nameKey,
            inScope: sql<boolean>`(${ownedRecordScope(actor, customers)})`,
          })
          .from(customers)
          .where(and(eq(customers.orgId, actor.orgId), isNull(customers.mergedIntoId), anyOf(col, part)));
      const rows = [
        ...(await chunked(cc, lookup(customers.creditCode))),
        ...(await chunked(nk, lookup(customers.nameKey))),
      ];
      return rows.map((r) => ({
        id: r.id,
        inScope: r.inScope,
        keys: [...(r.creditCode ? [`cc:${r.creditCode}`] : []), `nk:${r.nameKey}`],
      }));
    }
    case 'contacts': {
      const ids = [...new Set(keys.map((k) => k.split('|')[0] as string))];
      const rows = await chunked(ids, (part) =>
        db
          .select({
            id: contacts.id,
            customerId: contacts.customerId,
            mobile: contacts.mobile,
            email: contacts.email,
            inScope: sql<boolean>`(${ownedRecordScope(actor, contacts)})`,
          })
          .from(contacts)
          .where(
            and(
              eq(contacts.orgId, actor.orgId),
              sql`${contacts.customerId} = any(${sql.param(part)}::uuid[])`,
            ),
          ),
      );
      return rows.map((r) => ({
        id: r.id,
        inScope: r.inScope,
        keys: [
          ...(r.mobile ? [`${r.customerId}|m:${r.mobile}`] : []),
          ...(r.email ? [`${r.customerId}|e:${r.email.toLowerCase()}`] : []),
        ],
      }));
    }
    case 'leads': {
      const values = keys.map((k) => k.slice(2));
      const rows = await chunked(values, (part) =>
        db
          .select({
            id: leads.id,
            mobile: leads.mobile,
            email: leads.email,
            inScope: sql<boolean>`(${ownedRecordScope(actor, leads)})`,
          })
          .from(leads)
          .where(
            and(
              eq(leads.orgId, actor.orgId),
              or(anyOf(leads.mobile, part), anyOf(sql`lower(${leads.email})`, part)),
            ),
          ),
      );
      return rows.map((r) => ({
        id: r.id,
        inScope: r.inScope,
        keys: [...(r.mobile ? [`m:${r.mobile}`] : []), ...(r.email ? [`e:${r.email.toLowerCase()}`] : [])],
      }));
    }
    case 'deals': {
      const ids = [...new Set(keys.map((k) => k.split('|')[0] as string))];
      const rows = await chunked(ids, (part) =>
        db
          .select({
            id: deals.id,
            customerId: deals.customerId,
            name: deals.name,
            inScope: sql<boolean>`(${ownedRecordScope(actor, deals)})`,
          })
          .from(deals)
          .where(
            and(eq(deals.orgId, actor.orgId), sql`${deals.customerId} = any(${sql.param(part)}::uuid[])`),
          ),
      );
      return rows.map((r) => ({
        id: r.id,
        inScope: r.inScope,
        keys: [`${r.customerId}|${r.name.toLowerCase()}`],
      }));
    }
    case 'activities':
      return [];
  }
}

/** Marks each row that matches an existing record (or an earlier row) as skip, update or error, per the policy. */
export async function findDuplicates(
  db: Queryable,
  actor: Actor,
  entity: RecordEntity,
  plan: PlannedRow[],
  policy: DuplicatePolicy,
) {
  const allKeys = new Set<string>();
  const rowKeys = plan.map((p) => {
    const k = p.errors.length === 0 ? keysOf(entity, p) : { strong: [], weak: [] };
    for (const x of k.strong) {
      allKeys.add(x);
    }
    for (const x of k.weak) {
      allKeys.add(x);
    }
    return k;
  });
  const existing = await loadExisting(db, actor, entity, [...allKeys]);
  const byKey = new Map<string, Existing>();
  for (const e of existing) {
    for (const k of e.keys) {
      byKey.set(k, e);
    }
  }
  const inFile = new Map<string, number>();
  const firstOf = <T>(keys: string[], map: Map<string, T>): T | undefined => {
    for (const k of keys) {
      const v = map.get(k);
      if (v !== undefined) {
        return v;
      }
    }
    return undefined;
  };
  plan.forEach((p, i) => {
    const { strong, weak } = rowKeys[i] as { strong: string[]; weak: string[] };
    if (p.errors.length > 0) {
      return;
    }
    const path =
      entity === 'customers'
        ? strong.length > 0
          ? 'creditCode'
          : 'name'
        : entity === 'contacts' || entity === 'leads'
          ? 'mobile'
          : 'name';
    // The same record twice in one file is a mistake in the file, whatever the policy — except a
    // mere name match when the user asked to create duplicates anyway.
    const earlier = firstOf(strong, inFile) ?? (policy === 'create' ? undefined : firstOf(weak, inFile));
    if (earlier !== undefined) {
      p.errors.push({ path, message: `duplicates row ${earlier} of this file` });
      return;
    }
    for (const keys of [strong, weak]) {
      for (const k of keys) {
        if (!inFile.has(k)) {
          inFile.set(k, p.row);
        }
      }
    }
    const strongHit = firstOf(strong, byKey);
    const hit = strongHit ?? firstOf(weak, byKey);
    if (!hit) {
      return;
    }
    if (policy === 'skip') {
      p.action = 'skip';
      p.targetId = hit.id;
    } else if (policy === 'update') {
      if (!hit.inScope) {
        p.errors.push({
          path,
          message: 'matches an existing record outside your scope; it cannot be updated',
        });
      } else {
        p.action = 'update';
        p.targetId = hit.id;
      }
    } else if (strongHit) {
      p.errors.push({ path, message: 'this credit code is already used by an existing customer' });
    }
  });
}
