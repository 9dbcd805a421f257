import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeProblem, normaliseCreditCode } from '../../../../src/core/customers/credit-code.ts';
import { customerNameKey } from '../../../../src/core/customers/name-key.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function withCheck(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + CHARSET.indexOf(c) * (WEIGHTS[i] as number), 0);
  return first17 + CHARSET[(31 - (sum % 31)) % 31];
}

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each([
    '91350100M000100Y43', // the standard's own example
    '91110108551385082Q', // a published Beijing registration
    '91440300MA5F24KX0D',
  ])('accepts the valid code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it.each([
    ['91350100M000100Y44', /check character should be 3/],
    ['91350100M000100Y4', /18 characters/],
    ['91350100M0001O0Y43', /not allowed/],
    ['9135010OM000100Y43', /not allowed/],
  ])('rejects %s', (code, reason) => {
    expect(creditCodeProblem(code)).toMatch(reason);
  });

  it('normalises spaces, case and full-width characters', () => {
    expect(normaliseCreditCode(' ９１３５０１００m０００１００y４３ ')).toBe('91350100M000100Y43');
  });

  it('every code built with its computed check character passes; any other 18th character fails', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CHARSET), { minLength: 17, maxLength: 17 }),
        fc.constantFrom(...CHARSET),
        (chars, other) => {
          const code = withCheck(chars.join(''));
          expect(creditCodeProblem(code)).toBeNull();
          if (other !== code[17]) {
            expect(creditCodeProblem(code.slice(0, 17) + other)).not.toBeNull();
          }
        },
      ),
    );
  });
});

describe('customer name key for duplicate checks', () => {
  it('ignores company-form suffixes, punctuation, width and case', () => {
    const k = customerNameKey('上海星海科技有限公司');
    expect(customerNameKey('上海星海科技股份有限公司')).toBe(k);
    expect(customerNameKey('上海星海科技（有限公司）')).toBe(k);
    expect(customerNameKey(' 上海 星海科技 ')).toBe(k);
    expect(customerNameKey('ＡＢＣ Trading Co., Ltd.')).toBe(customerNameKey('abc trading'));
  });

  it('keeps names that differ in substance apart', () => {
    expect(customerNameKey('上海星海科技有限公司')).not.toBe(customerNameKey('北京星海科技有限公司'));
    expect(customerNameKey('星海集团')).not.toBe(customerNameKey('星海'));
  });

  it('never strips a name down to nothing', () => {
    expect(customerNameKey('有限公司')).toBe('有限公司');
  });
});
