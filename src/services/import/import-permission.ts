import type { ImportEntity } from '../../core/import/index.ts';
import type { Action } from '../../policies/permissions.ts';

/**
 * What importing an entity requires: sales records need sales.write; a bank statement becomes
 * receipts, so it needs money.write (finance, admin) — checked on upload, mapping, dry run and commit.
 */
export function importPermission(entity: ImportEntity | string): Action {
  return entity === 'bank_statement' ? 'money.write' : 'sales.write';
}
