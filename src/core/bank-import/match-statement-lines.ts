import { allocateOldestFirst } from '../collection/allocate-oldest-first.ts';
import { customerNameKey } from '../customers/name-key.ts';
import type { StatementLine } from './statement-line.ts';

/** An installment that can still take money, with the contract and customer it belongs to. */
export interface OpenInstallmentRef {
  id: string;
  contractId: string;
  customerId: string;
  /** 'YYYY-MM-DD'; null while waiting for a delivery (allocated last). */
  dueDate: string | null;
  /** amount − collected, minor units, > 0. */
  outstanding: number;
}

/** What the org already knows, loaded once per statement (set-based), never per line. */
export interface MatchIndex {
  /** Contract number (upper case, e.g. HT2026-0001) → its contract and customer. */
  contractsByNumber: ReadonlyMap<string, { contractId: string; customerId: string }>;
  /** Bank reference of a recorded receipt (upper case) → that receipt. */
  receiptsByReference: ReadonlyMap<string, { receiptId: string; customerId: string }>;
  /** customers.name_key → the customer, or 'ambiguous' when several share it. */
  customersByNameKey: ReadonlyMap<string, string | 'ambiguous'>;
  /** The org's open installments, in contract and plan order. */
  openInstallments: readonly OpenInstallmentRef[];
}

export type MatchKind = 'reference' | 'payer_name' | 'amount' | 'none';

export interface LineMatch {
  row: number;
  matchKind: MatchKind;
  /** 0…100: how sure the match is (see SCORES). */
  matchScore: number;
  customerId: string | null;
  /** The contract named in the reference/memo, when that is what matched. */
  contractId: string | null;
  allocations: { installmentId: string; amount: number }[];
  /** What no installment takes: the customer's prepayment when recorded. */
  prepayment: number;
  /** Why, in words (English; the presenter translates): the rule and what it found. */
  reason: string;
  /** The recorded receipt (or earlier line of this file) with the same bank reference. */
  duplicateOf: { receiptId: string | null; row: number | null } | null;
}

/**
 * How sure each rule is. A contract number in the memo names the contract; a reference of an earlier
 * receipt names the customer that paid under it; a payer name is the customer's name up to company
 * suffixes and punctuation; an amount alone is a guess the user should look at.
 */
export const SCORES = {
  contractNumberAndAmount: 100,
  contractNumber: 95,
  receiptReference: 85,
  payerNameAndAmount: 90,
  payerName: 80,
  payerNameNoOpen: 70,
  amountOnly: 50,
  none: 0,
} as const;

/** A contract number pattern for a prefix (prefix + 4-digit year + '-' + sequence), e.g. HT2026-0001. */
export function contractNumberPattern(prefix: string): RegExp {
  const escaped = prefix
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}\\s?(\\d{4})\\s?[-－_]\\s?(\\d{4,})`, 'g');
}

const fold = (s: string) => s.normalize('NFKC').toUpperCase();

/**
 * Contract numbers written in a line's reference or memo (any case, full-width or half-width, with
 * or without spaces), spelled as the contracts table has them: the org's prefix + year + '-' + sequence.
 */
export function contractNumbersIn(line: StatementLine, contractPrefix: string, pattern?: RegExp): string[] {
  const re = pattern ?? contractNumberPattern(contractPrefix);
  const out: string[] = [];
  for (const text of [line.bankReference, line.memo]) {
    if (!text) {
      continue;
    }
    for (const m of fold(text).matchAll(re)) {
      out.push(`${contractPrefix}${m[1]}-${m[2]}`);
    }
  }
  return out;
}

/** Tokens of a reference/memo that could be another receipt's bank reference (6+ letters/digits). */
export function referenceTokens(line: StatementLine): string[] {
  const out: string[] = [];
  for (const text of [line.bankReference, line.memo]) {
    if (!text) {
      continue;
    }
    for (const m of fold(text).matchAll(/[A-Z0-9]{6,}/g)) {
      out.push(m[0]);
    }
  }
  return out;
}

/** The bank reference as duplicates are detected: NFKC, upper case, spaces dropped. */
export function referenceKey(ref: string | null): string | null {
  if (!ref) {
    return null;
  }
  const k = fold(ref).replace(/\s+/g, '');
  return k === '' ? null : k;
}

/**
 * Matches bank-statement credits to customers and open installments (银行流水认领), in file order:
 *  1. duplicate — the line's bank reference is already on a receipt, or on an earlier line of the file:
 *     proposed for nothing (the same statement imported twice records nothing twice);
 *  2. reference — a contract number in the reference/memo (→ that contract's open installments), or
 *     the bank reference of a recorded receipt (→ that receipt's customer);
 *  3. payer name — the payer's folded name key equals exactly one customer's (core/customers/name-key);
 *  4. amount — the amount equals the outstanding amount of exactly one open installment in the org.
 * With a customer (or contract) found, an installment whose outstanding equals the amount takes it
 * whole; otherwise the money goes oldest due first (core/collection allocateOldestFirst) and the rest
 * is prepayment. Each proposal consumes what it allocates, so two lines of one file never propose the
 * same money of an installment twice. Pure: same lines and index, same result.
 */
export function matchStatementLines(
  lines: readonly StatementLine[],
  index: MatchIndex,
  contractPrefix: string,
): LineMatch[] {
  const pattern = contractNumberPattern(contractPrefix);
  const left = new Map<string, number>();
  const byCustomer = new Map<string, OpenInstallmentRef[]>();
  const byContract = new Map<string, OpenInstallmentRef[]>();
  const byOutstanding = new Map<number, OpenInstallmentRef[]>();
  for (const i of index.openInstallments) {
    left.set(i.id, i.outstanding);
    push(byCustomer, i.customerId, i);
    push(byContract, i.contractId, i);
    push(byOutstanding, i.outstanding, i);
  }
  const seenReferences = new Map<string, number>();
  const out: LineMatch[] = [];
  for (const line of lines) {
    out.push(matchOne(line));
  }
  return out;

  function openOf(list: readonly OpenInstallmentRef[] | undefined) {
    return (list ?? []).filter((i) => (left.get(i.id) ?? 0) > 0);
  }

  /** The one installment of `list` whose outstanding (as left by earlier lines) equals the amount. */
  function exactOne(list: readonly OpenInstallmentRef[], amount: number) {
    const hits = list.filter((i) => left.get(i.id) === amount);
    return hits.length === 1 ? hits[0] : undefined;
  }

  function propose(amount: number, open: OpenInstallmentRef[]) {
    const exact = exactOne(open, amount);
    const { allocations, remainder } = exact
      ? { allocations: [{ installmentId: exact.id, amount }], remainder: 0 }
      : allocateOldestFirst(
          amount,
          open.map((i) => ({ id: i.id, dueDate: i.dueDate, outstanding: left.get(i.id) ?? 0 })),
        );
    for (const a of allocations) {
      left.set(a.installmentId, (left.get(a.installmentId) ?? 0) - a.amount);
    }
    return { allocations, prepayment: remainder, exact: !!exact };
  }

  function matchOne(line: StatementLine): LineMatch {
    const base = { row: line.row, contractId: null, allocations: [], prepayment: 0, duplicateOf: null };
    const ref = referenceKey(line.bankReference);
    if (ref !== null) {
      const recorded = index.receiptsByReference.get(ref);
      const earlier = seenReferences.get(ref);
      if (recorded || earlier !== undefined) {
        return {
          ...base,
          matchKind: 'none',
          matchScore: SCORES.none,
          customerId: recorded?.customerId ?? null,
          reason: recorded
            ? `duplicate: bank reference ${line.bankReference} is already recorded as a receipt`
            : `duplicate: bank reference ${line.bankReference} is also on row ${earlier}`,
          duplicateOf: { receiptId: recorded?.receiptId ?? null, row: earlier ?? null },
        };
      }
      seenReferences.set(ref, line.row);
    }

    for (const number of contractNumbersIn(line, contractPrefix, pattern)) {
      const contract = index.contractsByNumber.get(number);
      if (contract) {
        const p = propose(line.amount, openOf(byContract.get(contract.contractId)));
        return {
          ...base,
          matchKind: 'reference',
          matchScore: p.exact ? SCORES.contractNumberAndAmount : SCORES.contractNumber,
          customerId: contract.customerId,
          contractId: contract.contractId,
          allocations: p.allocations,
          prepayment: p.prepayment,
          reason: `contract number ${number} in the reference or memo${p.exact ? ', amount equals an installment' : ''}`,
        };
      }
    }
    for (const token of referenceTokens(line)) {
      const receipt = index.receiptsByReference.get(token);
      if (receipt) {
        const p = propose(line.amount, openOf(byCustomer.get(receipt.customerId)));
        return {
          ...base,
          matchKind: 'reference',
          matchScore: SCORES.receiptReference,
          customerId: receipt.customerId,
          allocations: p.allocations,
          prepayment: p.prepayment,
          reason: `reference ${token} of an earlier receipt of this customer`,
        };
      }
    }

    if (line.payerName) {
      const found = index.customersByNameKey.get(customerNameKey(line.payerName));
      if (found && found !== 'ambiguous') {
        const open = openOf(byCustomer.get(found));
        const p = propose(line.amount, open);
        return {
          ...base,
          matchKind: 'payer_name',
          matchScore:
            open.length === 0
              ? SCORES.payerNameNoOpen
              : p.exact
                ? SCORES.payerNameAndAmount
                : SCORES.payerName,
          customerId: found,
          allocations: p.allocations,
          prepayment: p.prepayment,
          reason:
            open.length === 0
              ? `payer name "${line.payerName}" is this customer; no open installments (prepayment)`
              : `payer name "${line.payerName}" is this customer${p.exact ? ', amount equals an installment' : ''}`,
        };
      }
      // Several customers sharing the name: the amount may still single one out below.
    }

    // Installments by their outstanding amount as loaded (one left with exactly this much by an earlier
    // line of the file is not looked for: a guess on a guess).
    const candidates = openOf(byOutstanding.get(line.amount)).filter((i) => left.get(i.id) === line.amount);
    if (candidates.length === 1) {
      const only = candidates[0] as OpenInstallmentRef;
      left.set(only.id, 0);
      return {
        ...base,
        matchKind: 'amount',
        matchScore: SCORES.amountOnly,
        customerId: only.customerId,
        contractId: only.contractId,
        allocations: [{ installmentId: only.id, amount: line.amount }],
        reason: 'amount equals the outstanding amount of exactly one open installment',
      };
    }
    return {
      ...base,
      matchKind: 'none',
      matchScore: SCORES.none,
      customerId: null,
      reason:
        candidates.length > 1
          ? `no reference or known payer; ${candidates.length} installments have this amount`
          : 'no reference, known payer or installment of this amount',
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}
