/** The six roles of DESIGN.md §1, in order of breadth. */
export const ROLES = ['admin', 'director', 'sales_ops', 'finance', 'manager', 'rep'] as const;
export type Role = (typeof ROLES)[number];

/** Whole-org readers (DESIGN.md §5): everyone but managers (unit subtree) and reps (own records). */
export function seesWholeOrg(role: Role): boolean {
  return role === 'admin' || role === 'director' || role === 'sales_ops' || role === 'finance';
}
