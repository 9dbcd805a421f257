import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../../../src/core/import/fields.ts';
import { salesZhCN } from '../../../../web/src/app/i18n/sales-zh-CN.ts';

describe('zh-CN export spellings', () => {
  it('the first spelling of every enum value is the label the app shows in Chinese', () => {
    const zh = salesZhCN as Record<string, string>;
    const mismatches: string[] = [];
    for (const [entity, specs] of Object.entries(FIELDS)) {
      for (const spec of specs) {
        for (const [value, spellings] of Object.entries(spec.values ?? {})) {
          const labels = Object.keys(zh)
            .filter((k) => k.startsWith('enum.') && k.endsWith(`.${value}`))
            .map((k) => zh[k]);
          if (!labels.includes(spellings[0] as string)) {
            mismatches.push(`${entity}.${spec.key}.${value}: ${spellings[0]} (app: ${labels.join(' / ')})`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
