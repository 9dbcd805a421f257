import { NotFound, PreconditionFailed } from '../core/errors.ts';

/**
 * Optimistic concurrency (DESIGN.md §6). The caller has locked the row (`for update`) inside its
 * scope, so two writers serialise here: the second sees the first's new version and gets 412.
 */
export function checkVersion<T extends { version: number }>(
  entity: string,
  row: T | undefined,
  expected: number,
): asserts row is T {
  if (!row) {
    throw new NotFound(`No such ${entity}.`);
  }
  if (row.version !== expected) {
    throw new PreconditionFailed(
      `This ${entity} was changed by someone else (now version ${row.version}, you sent ${expected}). Reload and try again.`,
      { entity, row },
    );
  }
}
