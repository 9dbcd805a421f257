import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES_ZH_CN } from '../../../src/server/i18n/messages-zh-CN.ts';
import { langOf, MessageCatalog, zhCN } from '../../../src/server/i18n/translate.ts';

describe('langOf (Accept-Language)', () => {
  const lang = (header?: string) =>
    langOf({ headers: header === undefined ? {} : { 'accept-language': header } });
  it('picks the preferred of Chinese and English by q-value, English otherwise', () => {
    expect(lang()).toBe('en');
    expect(lang('')).toBe('en');
    expect(lang('zh-CN')).toBe('zh-CN');
    expect(lang('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(lang('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(lang('fr, zh-CN;q=0.5, en;q=0.4')).toBe('zh-CN');
    expect(lang('fr-FR')).toBe('en');
    expect(lang('zh-CN;q=0, en;q=0.1')).toBe('en');
  });
});

describe('MessageCatalog', () => {
  const catalog = new MessageCatalog({
    'No such deal.': '商机不存在。',
    'check character should be {0}, not {1}': '校验位应为 {0}，而不是 {1}',
    'Cannot leave {0} ({1}): {2} [{3}].': '无法离开阶段“{1}”：{2} [{3}]。',
    'a quote activity must be logged on the deal': '商机上须已记录报价活动',
    'The password {0}.': '密码{0}。',
    'must be at least {0} characters': '至少需要 {0} 个字符',
    'A {0} lead cannot become {1}.': '{0}的线索不能变为{1}。',
    '"{0}" is not one of: {1}': '"{0}" 不是可选值：{1}',
    won: '赢单',
    new: '新线索',
  });

  it('translates exact messages and fills templates, in the target’s order', () => {
    expect(catalog.translate('No such deal.')).toBe('商机不存在。');
    expect(catalog.translate('check character should be E, not 0')).toBe('校验位应为 E，而不是 0');
    expect(
      catalog.translate(
        'Cannot leave Proposal (方案提供): a quote activity must be logged on the deal [quote_activity].',
      ),
    ).toBe('无法离开阶段“方案提供”：商机上须已记录报价活动 [quote_activity]。');
  });

  it('translates values that are messages or words themselves, but never a quoted (typed) value', () => {
    expect(catalog.translate('The password must be at least 10 characters.')).toBe(
      '密码至少需要 10 个字符。',
    );
    expect(catalog.translate('A new lead cannot become won.')).toBe('新线索的线索不能变为赢单。');
    expect(catalog.translate('"won" is not one of: new, working')).toBe('"won" 不是可选值：new, working');
  });

  it('translates a list of known words inside a message, in Chinese list style', () => {
    expect(zhCN.translate('This contact is still referenced by deals, tasks.')).toBe(
      `${MESSAGES_ZH_CN['This contact is still referenced by {0}.']?.replace('{0}', '商机、任务')}`,
    );
    expect(zhCN.translate('Your role (finance) may not do this (sales.write).')).toContain('财务');
  });

  it('leaves a message it does not know as it is', () => {
    expect(catalog.translate('Something nobody wrote down')).toBe('Something nobody wrote down');
  });
});

/**
 * The messages the code throws or reports, read from src/ the way a translator would: the message of
 * each domain error, each `message:` and `error:` property, each `.refine(…, '…')`. Template literals
 * become templates ({0} … for each `${…}`), nested template literals included.
 */
function messagesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const files = fs
    .readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.includes('migrations') && !f.includes('i18n'));
  const start =
    /(new (?:Invalid|RuleViolated|Conflict|Forbidden|NotFound|Unauthenticated|PreconditionFailed|PreconditionRequired|TooManyRequests|FileProblem|PayloadTooLarge|UnsupportedMediaType)\(\s*|\bmessage:\s*|\berror:\s*|\b\w*Hint\s*[:=]\s*|\[\d{3}, '[a-z_]+', )(['"`])/g;
  for (const file of files) {
    const text = fs.readFileSync(path.join('src', file), 'utf8');
    for (const m of text.matchAll(start)) {
      const literal = readLiteral(text, (m.index ?? 0) + m[0].length - 1);
      // In a `[status, code, …]` tuple the third entry is a message (database errors) or, for
      // Fastify's own errors, a detail path such as "(body)" or "content-type", which is no message.
      const isPath = m[1]?.startsWith('[') && /^\(?[\w-]+\)?$/.test(literal ?? '');
      if (literal !== null && /[A-Za-z]{2,}/.test(literal.replace(/\{\d+\}/g, '')) && !isPath) {
        found.set(literal, file);
      }
    }
  }
  return found;
}

/** The string literal starting at `at` (a quote), template slots as {0}, {1} …; null if not closed. */
function readLiteral(text: string, at: number): string | null {
  const quote = text[at];
  let out = '';
  let slot = 0;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      out += next === 'n' ? '\n' : next;
      i++;
    } else if (c === quote) {
      return out;
    } else if (quote === '`' && c === '$' && text[i + 1] === '{') {
      // Skip the slot, nested braces and template literals included.
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') {
          depth++;
        } else if (text[j] === '}') {
          depth--;
          if (depth === 0) {
            break;
          }
        } else if (text[j] === '`') {
          j = skipTemplate(text, j);
        }
      }
      out += `{${slot++}}`;
      i = j;
    } else if (c === '\n' && quote !== '`') {
      return null;
    } else {
      out += c;
    }
  }
  return null;
}

function skipTemplate(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '`') {
      return i;
    }
  }
  return text.length;
}

describe('the zh-CN catalog', () => {
  it('has every message the code throws or reports', () => {
    const found = messagesInSource();
    // The scan must see the code's messages at all (some 350 when this was written).
    expect(found.size).toBeGreaterThan(300);
    expect(found.has('Cannot leave {0} ({1}): {2} [{3}].')).toBe(true);
    const missing = [...found]
      .filter(([message]) => MESSAGES_ZH_CN[message] === undefined && zhCN.translate(message) === message)
      .map(([message, file]) => `${file}: ${JSON.stringify(message)}`);
    expect(missing).toEqual([]);
  });

  it('keeps every placeholder of each message', () => {
    const slots = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
    const broken = Object.entries(MESSAGES_ZH_CN).filter(
      ([en, zh]) => slots(zh) !== slots(en) && !en.startsWith('Cannot leave'),
    );
    expect(broken).toEqual([]);
  });
});
