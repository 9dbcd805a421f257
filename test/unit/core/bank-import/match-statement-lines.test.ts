import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capAllocations,
  contractNumbersIn,
  type MatchIndex,
  matchStatementLines,
  type OpenInstallmentRef,
  parseStatementAmount,
  readStatementLine,
  SCORES,
  type StatementLine,
} from '../../../../src/core/bank-import/index.ts';
import { customerNameKey } from '../../../../src/core/customers/index.ts';
import { guessMapping } from '../../../../src/core/import/index.ts';

const line = (over: Partial<StatementLine> = {}): StatementLine => ({
  row: 2,
  receivedOn: '2026-03-01',
  amount: 100_000,
  payerName: null,
  payerAccount: null,
  bankReference: null,
  memo: null,
  ...over,
});

const inst = (over: Partial<OpenInstallmentRef> & { id: string }): OpenInstallmentRef => ({
  contractId: 'k1',
  customerId: 'c1',
  dueDate: '2026-01-31',
  outstanding: 100_000,
  ...over,
});

const index = (over: Partial<MatchIndex> = {}): MatchIndex => ({
  contractsByNumber: new Map(),
  receiptsByReference: new Map(),
  customersByNameKey: new Map(),
  openInstallments: [],
  ...over,
});

describe('reading bank-statement amounts', () => {
  it('accepts the spellings bank exports use, in exact minor units', () => {
    expect(parseStatementAmount('1,234.50')).toBe(123_450);
    expect(parseStatementAmount('¥1,234.50')).toBe(123_450);
    expect(parseStatementAmount('￥1,234.50')).toBe(123_450);
    expect(parseStatementAmount('1234.5')).toBe(123_450);
    expect(parseStatementAmount('RMB 88')).toBe(8_800);
    expect(parseStatementAmount('+0.01')).toBe(1);
    expect(parseStatementAmount('-800.00')).toBe(-80_000);
    expect(parseStatementAmount('(800.00)')).toBe(-80_000);
    expect(parseStatementAmount('')).toBeUndefined();
    expect(parseStatementAmount('-')).toBeUndefined();
    expect(parseStatementAmount('12.345')).toBeNull();
    expect(parseStatementAmount('abc')).toBeNull();
  });

  it('keeps credits, skips debits with a reason, and reports unreadable rows by field', () => {
    const credit = readStatementLine(
      2,
      { date: '2026-03-01', amount: '¥1,000.00', payerName: ' 某某科技 ' },
      [],
    );
    expect(credit).toMatchObject({ kind: 'credit', line: { amount: 100_000, payerName: '某某科技' } });
    const debit = readStatementLine(3, { date: '2026-03-01', debit: '500.00' }, []);
    expect(debit).toMatchObject({
      kind: 'debit',
      reason: 'not a credit (money out)',
      line: { amount: -50_000 },
    });
    const signed = readStatementLine(4, { date: '2026-03-01', amount: '-20' }, []);
    expect(signed.kind).toBe('debit');
    const bad = readStatementLine(5, { date: '2026-03-01', amount: 'lots' }, []);
    expect(bad).toEqual({
      kind: 'error',
      row: 5,
      errors: [{ path: 'amount', message: '"lots" is not an amount (e.g. 1,234.50)' }],
    });
    const none = readStatementLine(6, { date: '2026-03-01' }, []);
    expect(none).toEqual({ kind: 'error', row: 6, errors: [{ path: 'amount', message: 'required' }] });
  });

  it('guesses the columns of ICBC, CCB and CMB style exports', () => {
    expect(
      guessMapping('bank_statement', [
        '交易日期',
        '贷方发生额',
        '借方发生额',
        '对方户名',
        '对方账号',
        '交易流水号',
        '摘要',
      ]),
    ).toEqual({
      交易日期: 'date',
      贷方发生额: 'amount',
      借方发生额: 'debit',
      对方户名: 'payerName',
      对方账号: 'payerAccount',
      交易流水号: 'bankReference',
      摘要: 'memo',
    });
    expect(
      guessMapping('bank_statement', [
        '记账日期',
        '收入金额',
        '支出金额',
        '付款人',
        '付款人账号',
        '参考号',
        '附言',
      ]),
    ).toEqual({
      记账日期: 'date',
      收入金额: 'amount',
      支出金额: 'debit',
      付款人: 'payerName',
      付款人账号: 'payerAccount',
      参考号: 'bankReference',
      附言: 'memo',
    });
    expect(guessMapping('bank_statement', ['交易时间', '存入金额', '对方单位名称', '用途'])).toEqual({
      交易时间: 'date',
      存入金额: 'amount',
      对方单位名称: 'payerName',
      用途: 'memo',
    });
  });
});

describe('matching statement lines', () => {
  it('finds contract numbers in any case and width, as the contracts table spells them', () => {
    expect(contractNumbersIn(line({ memo: '支付ht2026-0001合同款' }), 'HT')).toEqual(['HT2026-0001']);
    expect(contractNumbersIn(line({ memo: '合同ＨＴ２０２６－００４２' }), 'HT')).toEqual(['HT2026-0042']);
    expect(contractNumbersIn(line({ bankReference: 'XS2026-0003' }), 'HT')).toEqual([]);
  });

  it('by reference: a contract number in the memo proposes that contract’s installments', () => {
    const m = matchStatementLines(
      [line({ amount: 150_000, memo: '货款 HT2026-0007' })],
      index({
        contractsByNumber: new Map([['HT2026-0007', { contractId: 'k7', customerId: 'c7' }]]),
        openInstallments: [
          inst({ id: 'i2', contractId: 'k7', customerId: 'c7', dueDate: '2026-02-28', outstanding: 100_000 }),
          inst({ id: 'i1', contractId: 'k7', customerId: 'c7', dueDate: '2026-01-31', outstanding: 100_000 }),
          inst({
            id: 'other',
            contractId: 'k8',
            customerId: 'c7',
            dueDate: '2025-01-01',
            outstanding: 100_000,
          }),
        ],
      }),
      'HT',
    );
    expect(m[0]).toMatchObject({
      matchKind: 'reference',
      matchScore: SCORES.contractNumber,
      customerId: 'c7',
      contractId: 'k7',
      allocations: [
        { installmentId: 'i1', amount: 100_000 },
        { installmentId: 'i2', amount: 50_000 },
      ],
      prepayment: 0,
    });
  });

  it('by reference: an exact installment amount under the contract scores 100 and takes that installment', () => {
    const m = matchStatementLines(
      [line({ amount: 30_000, bankReference: 'REF-HT2026-0007' })],
      index({
        contractsByNumber: new Map([['HT2026-0007', { contractId: 'k7', customerId: 'c7' }]]),
        openInstallments: [
          inst({ id: 'i1', contractId: 'k7', customerId: 'c7', dueDate: '2026-01-31', outstanding: 70_000 }),
          inst({ id: 'i2', contractId: 'k7', customerId: 'c7', dueDate: '2026-02-28', outstanding: 30_000 }),
        ],
      }),
      'HT',
    );
    expect(m[0]).toMatchObject({ matchScore: 100, allocations: [{ installmentId: 'i2', amount: 30_000 }] });
  });

  it('by reference: an earlier receipt’s bank reference in the memo names its customer', () => {
    const m = matchStatementLines(
      [line({ memo: '补付 原流水 ICBC20260101888' })],
      index({ receiptsByReference: new Map([['ICBC20260101888', { receiptId: 'r1', customerId: 'c3' }]]) }),
      'HT',
    );
    expect(m[0]).toMatchObject({
      matchKind: 'reference',
      matchScore: SCORES.receiptReference,
      customerId: 'c3',
      allocations: [],
      prepayment: 100_000,
    });
  });

  it('by payer name: the folded name key finds the customer; the money goes oldest due first, the rest is prepayment', () => {
    const m = matchStatementLines(
      [line({ amount: 250_000, payerName: '上海某某科技（有限公司）' })],
      index({
        customersByNameKey: new Map([[customerNameKey('上海某某科技有限公司'), 'c1']]),
        openInstallments: [
          inst({ id: 'late', dueDate: '2026-03-31', outstanding: 100_000 }),
          inst({ id: 'early', dueDate: '2026-01-31', outstanding: 100_000 }),
        ],
      }),
      'HT',
    );
    expect(m[0]).toMatchObject({
      matchKind: 'payer_name',
      matchScore: SCORES.payerName,
      customerId: 'c1',
      allocations: [
        { installmentId: 'early', amount: 100_000 },
        { installmentId: 'late', amount: 100_000 },
      ],
      prepayment: 50_000,
    });
  });

  it('by payer name without open installments: matched, all prepayment, lower score', () => {
    const m = matchStatementLines(
      [line({ payerName: '某某科技' })],
      index({ customersByNameKey: new Map([['某某科技', 'c1']]) }),
      'HT',
    );
    expect(m[0]).toMatchObject({ customerId: 'c1', matchScore: SCORES.payerNameNoOpen, prepayment: 100_000 });
  });

  it('by amount: equal to exactly one open installment in the org; two candidates leave it unmatched', () => {
    const open = [
      inst({ id: 'a', customerId: 'c1', outstanding: 123_450 }),
      inst({ id: 'b', customerId: 'c2', contractId: 'k2', outstanding: 99_900 }),
      inst({ id: 'c', customerId: 'c3', contractId: 'k3', outstanding: 99_900 }),
    ];
    const m = matchStatementLines(
      [line({ row: 2, amount: 123_450 }), line({ row: 3, amount: 99_900 })],
      index({ openInstallments: open }),
      'HT',
    );
    expect(m[0]).toMatchObject({
      matchKind: 'amount',
      matchScore: SCORES.amountOnly,
      customerId: 'c1',
      allocations: [{ installmentId: 'a', amount: 123_450 }],
    });
    expect(m[1]).toMatchObject({ matchKind: 'none', matchScore: 0, customerId: null, allocations: [] });
    expect(m[1]?.reason).toBe('no reference or known payer; 2 installments have this amount');
  });

  it('an ambiguous payer name does not match a customer', () => {
    const m = matchStatementLines(
      [line({ payerName: '某某科技' })],
      index({ customersByNameKey: new Map([['某某科技', 'ambiguous']]) }),
      'HT',
    );
    expect(m[0]).toMatchObject({ matchKind: 'none', customerId: null });
  });

  it('duplicates: a reference already on a receipt, or on an earlier line, proposes nothing', () => {
    const m = matchStatementLines(
      [
        line({ row: 2, bankReference: 'B-1', payerName: '某某科技' }),
        line({ row: 3, bankReference: 'b-1 ', payerName: '某某科技' }),
        line({ row: 4, bankReference: 'OLD9', payerName: '某某科技' }),
      ],
      index({
        customersByNameKey: new Map([['某某科技', 'c1']]),
        receiptsByReference: new Map([['OLD9', { receiptId: 'r9', customerId: 'c1' }]]),
      }),
      'HT',
    );
    expect(m.map((x) => x.duplicateOf)).toEqual([
      null,
      { receiptId: null, row: 2 },
      { receiptId: 'r9', row: null },
    ]);
    expect(m[1]?.allocations).toEqual([]);
    expect(m[2]?.allocations).toEqual([]);
  });

  it('two lines of one file never propose the same money of an installment twice', () => {
    const m = matchStatementLines(
      [
        line({ row: 2, payerName: '某某科技', amount: 80_000 }),
        line({ row: 3, payerName: '某某科技', amount: 80_000 }),
      ],
      index({
        customersByNameKey: new Map([['某某科技', 'c1']]),
        openInstallments: [inst({ id: 'i1', outstanding: 100_000 })],
      }),
      'HT',
    );
    expect(m[0]?.allocations).toEqual([{ installmentId: 'i1', amount: 80_000 }]);
    expect(m[1]?.allocations).toEqual([{ installmentId: 'i1', amount: 20_000 }]);
    expect(m[1]?.prepayment).toBe(60_000);
  });

  it('property: per installment Σ proposals ≤ outstanding, per line Σ allocations + prepayment = amount', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 500_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.record({ amount: fc.integer({ min: 1, max: 400_000 }), who: fc.integer({ min: 0, max: 2 }) }),
          {
            maxLength: 12,
          },
        ),
        (outstandings, credits) => {
          const open = outstandings.map((o, i) =>
            inst({ id: `i${i}`, customerId: `c${i % 2}`, outstanding: o }),
          );
          const names = new Map([
            ['甲', 'c0'],
            ['乙', 'c1'],
          ]);
          const lines = credits.map((c, i) =>
            line({ row: i + 2, amount: c.amount, payerName: c.who === 2 ? null : c.who === 0 ? '甲' : '乙' }),
          );
          const m = matchStatementLines(
            lines,
            index({ customersByNameKey: names, openInstallments: open }),
            'HT',
          );
          const taken = new Map<string, number>();
          m.forEach((x, i) => {
            const sum = x.allocations.reduce((s, a) => s + a.amount, 0);
            expect(sum + x.prepayment).toBe(x.matchKind === 'none' ? 0 : (lines[i] as StatementLine).amount);
            for (const a of x.allocations) {
              taken.set(a.installmentId, (taken.get(a.installmentId) ?? 0) + a.amount);
            }
          });
          for (const i of open) {
            expect(taken.get(i.id) ?? 0).toBeLessThanOrEqual(i.outstanding);
          }
        },
      ),
    );
  });
});

describe('capping allocations at commit', () => {
  it('takes what is proposed, never more than the installment has left now; the rest is prepayment', () => {
    const r = capAllocations(
      [
        { key: 'a', amount: 100, allocations: [{ installmentId: 'i', amount: 100 }] },
        { key: 'b', amount: 100, allocations: [{ installmentId: 'i', amount: 100 }] },
        { key: 'c', amount: 50, allocations: [{ installmentId: 'gone', amount: 50 }] },
      ],
      new Map([['i', 150]]),
    );
    expect(r).toEqual([
      { key: 'a', amount: 100, allocated: 100, allocations: [{ installmentId: 'i', amount: 100 }] },
      { key: 'b', amount: 100, allocated: 50, allocations: [{ installmentId: 'i', amount: 50 }] },
      { key: 'c', amount: 50, allocated: 0, allocations: [] },
    ]);
  });
});
