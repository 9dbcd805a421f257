// Company-form suffixes that do not tell two customers apart, longest first.
const SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '股份公司',
  '公司',
  'companylimited',
  'corporation',
  'limited',
  'company',
  'coltd',
  'corp',
  'inc',
  'ltd',
  'llc',
  'co',
];

/**
 * Duplicate-check key of a customer name: NFKC (full-width → half-width), lower case, punctuation,
 * brackets and spaces removed, then trailing company-form suffixes (有限公司, 股份有限公司, Co., Ltd …)
 * dropped. "上海某某科技有限公司" and "上海某某科技（有限公司）" share a key; "某某科技" too.
 */
export function customerNameKey(name: string): string {
  let key = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
  let changed = true;
  // A name that is nothing but a company-form word keeps it.
  while (changed && key.length > 0 && !SUFFIXES.includes(key)) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (key.length > suffix.length && key.endsWith(suffix)) {
        key = key.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return key;
}
