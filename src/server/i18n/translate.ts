import type { FastifyRequest } from 'fastify';
import { MESSAGES_ZH_CN } from './messages-zh-CN.ts';

export type Lang = 'zh-CN' | 'en';

/**
 * The language of a request's messages, from its Accept-Language header (RFC 9110): the preferred
 * of Chinese and English by q-value, English when neither is named. The web app sends the language
 * the user chose; API clients may send `Accept-Language: zh-CN`.
 */
export function langOf(request: Pick<FastifyRequest, 'headers'>): Lang {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header === '') {
    return 'en';
  }
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const lang: Lang | undefined = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : undefined;
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) {
      best = { lang, q };
    }
  }
  return best?.lang ?? 'en';
}

interface Template {
  pattern: RegExp;
  target: string;
  /** Per capture: the value is quoted in the message (what the user typed), so never translated. */
  quoted: boolean[];
  /** Literal characters: a longer literal part matches more specifically, so it is tried first. */
  literal: number;
}

/**
 * A catalog of English message templates (`{0}` … for the values) and their translations, compiled
 * once: exact messages by lookup, templated ones by a regular expression per template.
 */
export class MessageCatalog {
  private readonly exact = new Map<string, string>();
  private readonly templates: Template[] = [];

  constructor(entries: Record<string, string>) {
    for (const [source, target] of Object.entries(entries)) {
      if (!/\{\d+\}/.test(source)) {
        this.exact.set(source, target);
        continue;
      }
      const parts = source.split(/(\{\d+\})/);
      let regex = '';
      let literal = 0;
      const order: number[] = [];
      const quoted: boolean[] = [];
      for (const [i, part] of parts.entries()) {
        const slot = /^\{(\d+)\}$/.exec(part);
        if (slot) {
          order.push(Number(slot[1]));
          quoted.push((parts[i - 1] ?? '').endsWith('"') && (parts[i + 1] ?? '').startsWith('"'));
          regex += '([\\s\\S]*?)';
        } else {
          literal += part.length;
          regex += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }
      }
      // Captures come in the order the slots appear; the target names them by number.
      const numbered = target.replace(/\{(\d+)\}/g, (_, n: string) => `{${order.indexOf(Number(n))}}`);
      this.templates.push({ pattern: new RegExp(`^${regex}$`), target: numbered, quoted, literal });
    }
    this.templates.sort((a, b) => b.literal - a.literal);
  }

  /**
   * The translation of `message`, or the message itself when the catalog does not know it. A value
   * that is itself a known message or word (a rule's description inside "Cannot leave …", a status)
   * is translated too, two levels deep.
   */
  translate(message: string, depth = 0): string {
    const exact = this.exact.get(message);
    if (exact !== undefined) {
      return exact;
    }
    for (const t of this.templates) {
      const m = t.pattern.exec(message);
      if (m) {
        return t.target.replace(/\{(\d+)\}/g, (_, n: string) => {
          const value = m[Number(n) + 1] ?? '';
          return depth < 2 && !t.quoted[Number(n)] ? this.translateValue(value, depth + 1) : value;
        });
      }
    }
    return message;
  }

  /** A value inside a message: a known message or word, or a list of known words ("deals, tasks"). */
  private translateValue(value: string, depth: number): string {
    const translated = this.translate(value, depth);
    if (translated !== value || !value.includes(', ')) {
      return translated;
    }
    const parts = value.split(', ');
    return parts.every((p) => this.exact.has(p)) ? parts.map((p) => this.exact.get(p)).join('、') : value;
  }
}

/** The zh-CN catalog of the API's messages. */
export const zhCN = new MessageCatalog(MESSAGES_ZH_CN);
