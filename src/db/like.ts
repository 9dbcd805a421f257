/**
 * The ILIKE pattern that finds `text` anywhere in a value, with `%`, `_` and `\` typed by the user
 * taken literally (PostgreSQL's default escape character is the backslash).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
