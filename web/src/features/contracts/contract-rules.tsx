import { Tag } from 'antd';
import type { MessageKey, TFunction } from '../../app/i18n/index.tsx';
import type { Role } from '../../app/types.ts';
import type { Contract } from './types.ts';

export const CONTRACT_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'active',
  'completed',
  'terminated',
] as const;

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  rejected: 'red',
  active: 'green',
  completed: 'purple',
  terminated: 'volcano',
};

export function statusLabel(t: TFunction, status: string): string {
  const key = `contract.status.${status}` as MessageKey;
  const label = t(key);
  return label === key ? status : label;
}

export function ContractStatusTag({ status, t }: { status: string; t: TFunction }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="contract-status">
      {statusLabel(t, status)}
    </Tag>
  );
}

export const statusOptions = (t: TFunction) =>
  CONTRACT_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }));

/**
 * What the signed-in user may do with a contract in its state: the same rules as the server
 * (src/policies/permissions.ts and services/contracts), so only buttons that can work are shown.
 */
export function contractAbilities(
  role: Role,
  userId: string,
  c: Pick<Contract, 'status' | 'ownerId' | 'creditApprovedAt'>,
) {
  const drafts = role === 'admin' || role === 'finance' || role === 'manager' || role === 'rep';
  const money = role === 'admin' || role === 'finance';
  const approves = money || (role === 'manager' && c.ownerId !== userId);
  const s = c.status;
  return {
    edit: ((s === 'draft' || s === 'rejected') && drafts) || ((s === 'approved' || s === 'active') && money),
    revises: s === 'approved' || s === 'active',
    submit: (s === 'draft' || s === 'rejected') && drafts,
    approve: s === 'submitted' && approves,
    reject: s === 'submitted' && approves,
    activate: s === 'approved' && money,
    complete: s === 'active' && money,
    terminate: (s === 'approved' || s === 'active') && money,
    approveCredit:
      ['draft', 'submitted', 'approved', 'rejected'].includes(s) && approves && !c.creditApprovedAt,
  };
}

export const canDraftContracts = (role: Role) => role !== 'director' && role !== 'sales_ops';
