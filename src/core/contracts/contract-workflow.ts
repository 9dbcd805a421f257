/**
 * The life of a contract (issue 12 item 1): draft → submitted → approved | rejected (→ submitted again
 * after changes) → active → completed | terminated. One table of which action leads from which states
 * to which, so the service, the web's buttons and the tests read the same rule.
 */
export const CONTRACT_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'active',
  'completed',
  'terminated',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_ACTIONS = ['submit', 'approve', 'reject', 'activate', 'complete', 'terminate'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

const TRANSITIONS: Record<ContractAction, { from: readonly ContractStatus[]; to: ContractStatus }> = {
  submit: { from: ['draft', 'rejected'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  activate: { from: ['approved'], to: 'active' },
  complete: { from: ['active'], to: 'completed' },
  terminate: { from: ['approved', 'active'], to: 'terminated' },
};

/** The status an action leads to from `status`, or null when the action is not allowed there. */
export function nextStatus(status: string, action: ContractAction): ContractStatus | null {
  const t = TRANSITIONS[action];
  return (t.from as readonly string[]).includes(status) ? t.to : null;
}

/** The states an action may start from (for messages and the web). */
export function statesFor(action: ContractAction): readonly ContractStatus[] {
  return TRANSITIONS[action].from;
}

/** How an edit is treated in each state: a plain edit, a new revision (reason required), or refused. */
export function editModeOf(status: string): 'plain' | 'revision' | 'closed' {
  if (status === 'draft' || status === 'rejected') {
    return 'plain';
  }
  if (status === 'approved' || status === 'active') {
    return 'revision';
  }
  return 'closed';
}

/** Minor units as text, e.g. 123456 CNY → "CNY 1,234.56" (for messages; the web formats per locale). */
export function formatMinor(amount: number, currency: string): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${currency} ${units}.${cents}`;
}
