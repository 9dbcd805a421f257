import type { Schemas } from '../../app/api-types.ts';

export type Customer = Schemas['Customer'];

/**
 * One entry of a 409 duplicate answer's `candidates`. The API documents them as `unknown[]` (the error
 * shape is shared by every conflict), so this shape is written here, after presentCandidates in
 * src/services/customers/find-duplicate-customers.ts.
 */
export interface DuplicateCandidate {
  id: string;
  name: string;
  creditCode: string | null;
  ownerName: string;
  inScope: boolean;
}

export type RelationshipMap = Schemas['RelationshipMap'];
