import type { Schemas } from '../../app/api-types.ts';

export type Order = Schemas['Order'];
export type OrderDetail = Schemas['OrderDetail'];
export type OrderBoard = Schemas['OrderBoard'];
export type OrderColumn = OrderBoard['columns'][number];
export type ContractOrderLines = Schemas['ContractOrderLines'];
export type Renewals = Schemas['Renewals'];
export type CrossSellSuggestions = Schemas['CrossSellSuggestions'];
