import type { MessageKey, Vars } from '../../app/i18n/index.tsx';
import type { Locale } from '../../app/i18n/locale.ts';
import { formatMoney } from '../../app/money.ts';

/** The figures a collection notification carries in its body (services/receivables/run-collection-ladder.ts). */
interface CollectionNotice {
  step: string;
  mark: number;
  days: number;
  seq: number;
  dueDate: string;
  outstanding: number;
  currency: string;
  contractNumber: string;
  customerName: string;
}

const KEYS: Record<string, MessageKey> = {
  collection_reminder: 'notify.collection.reminder',
  collection_overdue: 'notify.collection.overdue',
  collection_bad_debt: 'notify.collection.badDebt',
};

/**
 * The sentence of a reminder or overdue-ladder notification in the reader's language, or null when
 * the notification is of another kind (or its body is not the expected JSON).
 */
export function collectionNoticeText(
  item: { kind: string; body: string | null },
  t: (key: MessageKey, vars?: Vars) => string,
  locale: Locale,
  formatDate: (iso: string) => string,
): string | null {
  const key = KEYS[item.kind];
  if (!key || !item.body) {
    return null;
  }
  try {
    const n = JSON.parse(item.body) as CollectionNotice;
    return t(key, {
      contract: n.contractNumber,
      seq: n.seq,
      due: formatDate(n.dueDate),
      days: n.days,
      amount: formatMoney(n.outstanding, locale, n.currency),
    });
  } catch {
    return null;
  }
}
