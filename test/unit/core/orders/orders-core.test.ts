import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalDueDate, creditDaysOf } from '../../../../src/core/orders/conditional-due-date.ts';
import { orderLineAmount } from '../../../../src/core/orders/order-line-amount.ts';
import { advanceSteps } from '../../../../src/core/orders/order-status.ts';

describe('orderLineAmount: pro rata of the contract line, exact to the fen', () => {
  it('splits 100.00 over 3 units as 33.33, 33.33 and the remainder 33.34', () => {
    const line = { quantity: 3, amount: 10_000 };
    const a = orderLineAmount(line, { quantity: 0, amount: 0 }, 1);
    const b = orderLineAmount(line, { quantity: 1, amount: a }, 1);
    const c = orderLineAmount(line, { quantity: 2, amount: a + b }, 1);
    expect([a, b, c]).toEqual([3333, 3333, 3334]);
  });

  it('gives the whole line to a single order of every unit', () => {
    expect(orderLineAmount({ quantity: 7, amount: 12_345 }, { quantity: 0, amount: 0 }, 7)).toBe(12_345);
  });

  it('refuses more than what is left of the line', () => {
    expect(() => orderLineAmount({ quantity: 3, amount: 300 }, { quantity: 2, amount: 200 }, 2)).toThrow(
      /exceeds what is left of the line \(1\)/,
    );
  });

  it('orders of a line always add up to its amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }),
        (quantity, amount, chunks) => {
          const line = { quantity, amount };
          const soFar = { quantity: 0, amount: 0 };
          for (const chunk of chunks) {
            const q = Math.min(chunk, quantity - soFar.quantity);
            if (q === 0) {
              break;
            }
            const part = orderLineAmount(line, soFar, q);
            expect(part).toBeGreaterThanOrEqual(0);
            soFar.quantity += q;
            soFar.amount += part;
          }
          if (soFar.quantity < quantity) {
            soFar.amount += orderLineAmount(line, soFar, quantity - soFar.quantity);
          }
          expect(soFar.amount).toBe(amount);
        },
      ),
    );
  });
});

describe('advanceSteps: forward only, skipping recorded, cancel before shipping', () => {
  it('one step forward', () => {
    expect(advanceSteps('received', 'reviewed')).toEqual({ steps: ['reviewed'] });
  });
  it('a skip returns every skipped step in order', () => {
    expect(advanceSteps('reviewed', 'shipped')).toEqual({
      steps: ['in_production', 'in_warehouse', 'shipped'],
    });
  });
  it('never backwards, never the same state, nothing after accepted or cancelled', () => {
    expect(advanceSteps('shipped', 'reviewed')).toMatchObject({ problem: { kind: 'backwards' } });
    expect(advanceSteps('shipped', 'shipped')).toMatchObject({ problem: { kind: 'same' } });
    expect(advanceSteps('accepted', 'cancelled')).toMatchObject({ problem: { kind: 'final' } });
    expect(advanceSteps('cancelled', 'received')).toMatchObject({ problem: { kind: 'final' } });
  });
  it('cancel from any state before shipping, not after', () => {
    expect(advanceSteps('in_warehouse', 'cancelled')).toEqual({ steps: ['cancelled'] });
    expect(advanceSteps('shipped', 'cancelled')).toMatchObject({ problem: { kind: 'not_cancellable' } });
  });
});

describe('conditional due dates', () => {
  it('actual date plus credit days, across a month and a leap day', () => {
    expect(conditionalDueDate('2028-02-15', 30)).toBe('2028-03-16');
    expect(conditionalDueDate('2026-12-20', 15)).toBe('2027-01-04');
  });
  it('credit days: contract, else customer, else the org default', () => {
    expect(creditDaysOf(10, 20, 30)).toBe(10);
    expect(creditDaysOf(null, 20, 30)).toBe(20);
    expect(creditDaysOf(null, null, 30)).toBe(30);
    expect(creditDaysOf(0, 20, 30)).toBe(0);
  });
});
