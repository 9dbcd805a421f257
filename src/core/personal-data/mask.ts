/**
 * Masking of personal identifiers for readers without the right to see them (PIPL art. 51 "access
 * control"; DESIGN.md §10). Every masked value contains `*`, which no stored identifier of these
 * kinds contains, so a masked value sent back can be recognised and refused (`looksMasked`).
 */

export const MASK = '*';

/** The personal fields of a person record and how each is masked. */
export type PersonalKind = 'phone' | 'email' | 'wechat' | 'idNumber';

/**
 * A phone or mobile number: the first 3 and last 4 digits of an 11-digit mainland mobile
 * (138****5678) or longer number; 8–10 digits keep 1–3 and 4; shorter ones only their last 2 (at
 * least 3 stars always). Separators are dropped.
 */
export function maskPhone(value: string): string {
  const compact = value.replace(/[\s()-]/g, '');
  if (compact.length <= 4) {
    return MASK.repeat(4);
  }
  if (compact.length < 8) {
    return `${MASK.repeat(compact.length - 2)}${compact.slice(-2)}`;
  }
  const head = compact.slice(0, Math.min(3, compact.length - 7));
  const tail = compact.slice(-4);
  return `${head}${MASK.repeat(compact.length - head.length - tail.length)}${tail}`;
}

/** An e-mail address: the first character of the local part and the whole domain (z***@example.com). */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) {
    return `${value.slice(0, 1)}${MASK.repeat(3)}`;
  }
  return `${value.slice(0, 1)}${MASK.repeat(3)}${value.slice(at)}`;
}

/** A WeChat ID: the first 2 and last 2 characters with a fixed 4-star middle (wx****88); short ids all stars. */
export function maskWechat(value: string): string {
  if (value.length <= 4) {
    return MASK.repeat(4);
  }
  return `${value.slice(0, 2)}${MASK.repeat(4)}${value.slice(-2)}`;
}

/**
 * A resident ID number (18 characters, GB 11643): the 3-digit region prefix and the last 4 (the
 * check digit among them), the birth date hidden: 110***********1234.
 */
export function maskIdNumber(value: string): string {
  if (value.length <= 7) {
    return MASK.repeat(Math.max(4, value.length));
  }
  const head = Math.min(3, value.length - 7);
  return `${value.slice(0, head)}${MASK.repeat(value.length - head - 4)}${value.slice(-4)}`;
}

export function maskValue(kind: PersonalKind, value: string): string {
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    case 'wechat':
      return maskWechat(value);
    case 'idNumber':
      return maskIdNumber(value);
  }
}

/** Whether a value carries the mask pattern (it was presented masked and sent back). */
export function looksMasked(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.includes(MASK.repeat(3));
}
