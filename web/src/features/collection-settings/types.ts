import type { RequestBodyOf, Schemas } from '../../app/api-types.ts';

export type CollectionSettings = Schemas['CollectionSettings'];
export type CollectionSettingsPatch = RequestBodyOf<'/api/v1/collection-settings', 'patch'>;
export type LadderStep = CollectionSettings['overdueLadder'][number]['step'];

/** The ladder's steps, in the order they usually escalate; `satisfies` keeps them to the API's list. */
export const LADDER_STEPS = [
  'owner',
  'manager',
  'finance',
  'bad_debt',
] as const satisfies readonly LadderStep[];
