import type { Schemas } from '../../app/api-types.ts';

export type Lead = Schemas['Lead'];
export type LeadConversion = Schemas['LeadConversion'];
