import type { Schemas } from '../../app/api-types.ts';

export type Contact = Schemas['Contact'];
