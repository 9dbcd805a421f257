import { describe, expect, it } from 'vitest';
import { editModeOf, formatMinor, nextStatus } from '../../../src/core/contracts/contract-workflow.ts';

describe('contract workflow', () => {
  it('moves along the allowed transitions only', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('rejected', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'approve')).toBe('approved');
    expect(nextStatus('submitted', 'reject')).toBe('rejected');
    expect(nextStatus('approved', 'activate')).toBe('active');
    expect(nextStatus('active', 'complete')).toBe('completed');
    expect(nextStatus('active', 'terminate')).toBe('terminated');
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(nextStatus('completed', 'terminate')).toBeNull();
    expect(nextStatus('active', 'activate')).toBeNull();
  });

  it('edits drafts plainly, revises approved and active contracts, refuses closed ones', () => {
    expect(editModeOf('draft')).toBe('plain');
    expect(editModeOf('approved')).toBe('revision');
    expect(editModeOf('active')).toBe('revision');
    expect(editModeOf('completed')).toBe('closed');
    expect(editModeOf('submitted')).toBe('closed');
  });

  it('formats minor units with thousands separators', () => {
    expect(formatMinor(123_456_789, 'CNY')).toBe('CNY 1,234,567.89');
    expect(formatMinor(5, 'CNY')).toBe('CNY 0.05');
    expect(formatMinor(-100, 'CNY')).toBe('-CNY 1.00');
  });
});
