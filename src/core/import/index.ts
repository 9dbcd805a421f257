export { csvText, FileProblem, parseCsv, type Table, writeCsv } from './csv.ts';
export {
  type DetectedText,
  decodeText,
  decodeUtf8,
  detectAndDecode,
  type EncodingGuess,
  encodeText,
  TEXT_ENCODINGS,
  type TextEncoding,
} from './encoding.ts';
export {
  EXPORT_ENTITIES,
  FIELDS,
  type FieldSpec,
  IMPORT_ENTITIES,
  type ImportEntity,
  type RecordEntity,
} from './fields.ts';
export { guessMapping, headerKey, type Mapping, mappingProblems } from './guess-mapping.ts';
export { neutraliseCell } from './neutralise.ts';
export {
  type FieldValue,
  type ParsedRow,
  parseDate,
  parseDateTime,
  parseMoney,
  parseRow,
  type RowValues,
} from './parse-row.ts';
