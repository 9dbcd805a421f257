import type { Schemas } from '../../app/api-types.ts';

export type Deal = Schemas['Deal'];
export type DealDetail = Schemas['DealDetail'];
export type DealLine = Schemas['DealLineItem'];
export type DealContact = DealDetail['contacts'][number];
export type Stage = Schemas['PipelineStage'];
export type DealBoard = Schemas['DealBoard'];
