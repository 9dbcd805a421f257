import type { Schemas } from '../../app/api-types.ts';

export type Contract = Schemas['Contract'];
export type ContractDetail = Schemas['ContractDetail'];
export type ContractLine = Schemas['ContractLine'];
export type ContractEvent = Schemas['ContractEvent'];
export type ContractRevision = Schemas['ContractRevision'];
export type CustomerCredit = Schemas['CustomerCredit'];
