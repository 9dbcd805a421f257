import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  looksMasked,
  maskEmail,
  maskIdNumber,
  maskPhone,
  maskValue,
  maskWechat,
  type PersonalKind,
} from '../../../../src/core/personal-data/mask.ts';

describe('masking personal identifiers', () => {
  it('keeps the first 3 and last 4 digits of a mainland mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
    expect(maskPhone('010-6552 1234')).toBe('010****1234');
    expect(maskPhone('6552 1234')).toBe('6***1234');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('keeps the first letter of an e-mail address and its domain', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
    expect(maskEmail('noatsign')).toBe('n***');
  });

  it('keeps two characters at each end of a WeChat ID', () => {
    expect(maskWechat('wx_12345688')).toBe('wx****88');
    expect(maskWechat('abc')).toBe('****');
  });

  it('hides the birth date of a resident ID number', () => {
    expect(maskIdNumber('110105199003071234')).toBe('110***********1234');
  });

  it('every masked value is recognised as masked and never equals a real value of ≥ 4 characters', () => {
    const kinds: PersonalKind[] = ['phone', 'email', 'wechat', 'idNumber'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.stringMatching(/^[0-9a-z_@.+-]{1,40}$/), (kind, value) => {
        const masked = maskValue(kind, value);
        expect(looksMasked(masked)).toBe(true);
        expect(masked).not.toBe(value);
      }),
    );
    expect(looksMasked('13812345678')).toBe(false);
    expect(looksMasked(null)).toBe(false);
  });
});
