import type { RequestBodyOf, ResponseOf, Schemas } from '../../app/api-types.ts';

export type BankLine = Schemas['BankStatementLine'];
export type BankLineCounts = Schemas['BankStatementLineCounts'];
export type BankImportSummary = ResponseOf<'/api/v1/bank-imports/{id}', 'get'>;
export type LineCandidate = ResponseOf<'/api/v1/bank-imports/{id}/candidates', 'get'>['items'][number];
export type LineDecision = RequestBodyOf<'/api/v1/bank-imports/{id}/lines/{lineId}/decision', 'post'>;
export type LineFilter = keyof BankLineCounts;
