import { describe, expect, it } from 'vitest';
import { validateCollectionSettings } from '../../../../src/core/collection/index.ts';

const defaults = {
  contractNumberPrefix: 'HT',
  orderNumberPrefix: 'DD',
  reminderDaysBefore: [7, 1],
  overdueLadder: [
    { day: 1, step: 'owner' },
    { day: 15, step: 'manager' },
    { day: 30, step: 'finance' },
    { day: 60, step: 'bad_debt' },
  ],
  renewalLeadDays: 90,
  defaultCreditDays: 30,
};

describe('validateCollectionSettings', () => {
  it('accepts the defaults, the bounds and an empty change', () => {
    expect(validateCollectionSettings(defaults)).toEqual([]);
    expect(validateCollectionSettings({})).toEqual([]);
    expect(
      validateCollectionSettings({
        contractNumberPrefix: 'A',
        orderNumberPrefix: 'ORD2026X',
        reminderDaysBefore: [60, 30, 14, 7, 1],
        overdueLadder: [{ day: 365, step: 'bad_debt' }],
        renewalLeadDays: 30,
        defaultCreditDays: 0,
      }),
    ).toEqual([]);
    expect(validateCollectionSettings({ renewalLeadDays: 180, defaultCreditDays: 365 })).toEqual([]);
  });

  it.each([
    [{ contractNumberPrefix: '' }, 'contractNumberPrefix'],
    [{ contractNumberPrefix: 'HT-' }, 'contractNumberPrefix'],
    [{ orderNumberPrefix: 'ABCDEFGHI' }, 'orderNumberPrefix'],
    [{ orderNumberPrefix: '合同' }, 'orderNumberPrefix'],
    [{ reminderDaysBefore: [] }, 'reminderDaysBefore'],
    [{ reminderDaysBefore: [1, 2, 3, 4, 5, 6] }, 'reminderDaysBefore'],
    [{ reminderDaysBefore: [7, 0] }, 'reminderDaysBefore.1'],
    [{ reminderDaysBefore: [61] }, 'reminderDaysBefore.0'],
    [{ reminderDaysBefore: [1.5] }, 'reminderDaysBefore.0'],
    [{ reminderDaysBefore: [7, 3, 7] }, 'reminderDaysBefore.2'],
    [{ overdueLadder: [] }, 'overdueLadder'],
    [{ overdueLadder: [{ day: 0, step: 'owner' }] }, 'overdueLadder.0.day'],
    [{ overdueLadder: [{ day: 366, step: 'owner' }] }, 'overdueLadder.0.day'],
    [
      {
        overdueLadder: [
          { day: 10, step: 'owner' },
          { day: 10, step: 'manager' },
        ],
      },
      'overdueLadder.1.day',
    ],
    [
      {
        overdueLadder: [
          { day: 10, step: 'owner' },
          { day: 5, step: 'manager' },
        ],
      },
      'overdueLadder.1.day',
    ],
    [{ overdueLadder: [{ day: 1, step: 'ceo' }] }, 'overdueLadder.0.step'],
    [
      {
        overdueLadder: [
          { day: 60, step: 'bad_debt' },
          { day: 90, step: 'finance' },
        ],
      },
      'overdueLadder.0.step',
    ],
    [
      {
        overdueLadder: [
          { day: 60, step: 'bad_debt' },
          { day: 90, step: 'bad_debt' },
        ],
      },
      'overdueLadder.0.step',
    ],
    [{ renewalLeadDays: 29 }, 'renewalLeadDays'],
    [{ renewalLeadDays: 181 }, 'renewalLeadDays'],
    [{ defaultCreditDays: -1 }, 'defaultCreditDays'],
    [{ defaultCreditDays: 366 }, 'defaultCreditDays'],
    [{ defaultCreditDays: 30.5 }, 'defaultCreditDays'],
  ])('%j is refused at %s', (patch, path) => {
    expect(validateCollectionSettings(patch).map((d) => d.path)).toEqual([path]);
  });

  it('reports every bad field at once', () => {
    const paths = validateCollectionSettings({
      contractNumberPrefix: 'x y',
      reminderDaysBefore: [0],
      renewalLeadDays: 5,
    }).map((d) => d.path);
    expect(paths).toEqual(['contractNumberPrefix', 'reminderDaysBefore.0', 'renewalLeadDays']);
  });
});
