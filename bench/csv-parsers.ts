/**
 * Reading the 100k-customer CSV into cells, measured apart: the hand-written parser of
 * src/core/import/csv.ts against csv-parse (the maintained parser of the `csv` project) on the same
 * text, interleaved and repeated; and the whole read the import does (encoding detection, decoding,
 * parsing) on the UTF-8 file and on its GB18030 twin.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { decodeText, decodeUtf8, encodeText, parseCsv, type Table } from '../src/core/import/index.ts';
import { readTable } from '../src/services/import/import-file.ts';

const ROUNDS = 7;

export interface ParserTimes {
  rounds: number;
  /** parseCsv on the decoded text, each round. */
  hand: number[];
  /** csv-parse's synchronous parse on the same text, each round. */
  csvParse: number[];
  csvParseVersion: string;
  /** readTable on the UTF-8 file (BOM): detection, decoding and parsing, each round. */
  readUtf8: number[];
  /** The read before encoding detection, `parseCsv(decodeUtf8(bytes))`, on the same file, each round. */
  readBefore: number[];
  /** readTable with the encoding stored at upload, as the dry run and the commit read the file. */
  readStored: number[];
  /** readTable on the same table encoded in GB18030 (no BOM), each round. */
  readGb18030: number[];
  gb18030Bytes: number;
}

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

function sameTable(a: Table, b: Table): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string[];
    const y = b[i] as string[];
    if (x.length !== y.length || x.some((cell, j) => cell !== y[j])) {
      return false;
    }
  }
  return true;
}

/**
 * `csv` is the benchmark file (UTF-8 with a BOM). Each round runs both parsers, the order swapped
 * every round so that neither always runs on a warmer heap; both must give the same cells.
 */
export function timeCsvParsers(csv: Buffer): ParserTimes {
  const text = decodeText(csv, 'utf-8');
  const gb18030 = encodeText(text, 'gb18030');
  const { version } = JSON.parse(
    fs.readFileSync(new URL('../node_modules/csv-parse/package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const times: ParserTimes = {
    rounds: ROUNDS,
    hand: [],
    csvParse: [],
    csvParseVersion: version,
    readUtf8: [],
    readBefore: [],
    readStored: [],
    readGb18030: [],
    gb18030Bytes: gb18030.length,
  };
  const runHand = () => {
    const [table, ms] = time(() => parseCsv(text));
    times.hand.push(ms);
    return table;
  };
  const runCsvParse = () => {
    const [table, ms] = time(
      () => parse(text, { relax_column_count: true, skip_empty_lines: true }) as Table,
    );
    times.csvParse.push(ms);
    return table;
  };
  let reference: Table | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = round % 2 === 0 ? [runHand(), runCsvParse()] : [runCsvParse(), runHand()];
    if (!sameTable(a, b)) {
      throw new Error('csv-parse and parseCsv read the benchmark file differently');
    }
    reference ??= a;
    // The reads, also in an order that turns every round.
    const reads: [number[], () => Table][] = [
      [times.readUtf8, () => readTable('csv', csv)],
      [times.readBefore, () => parseCsv(decodeUtf8(csv))],
      [times.readStored, () => readTable('csv', csv, 'utf-8')],
      [times.readGb18030, () => readTable('csv', gb18030)],
    ];
    for (let i = 0; i < reads.length; i++) {
      const [into, read] = reads[(i + round) % reads.length] as [number[], () => Table];
      const [table, ms] = time(read);
      into.push(ms);
      if (!sameTable(table, reference)) {
        throw new Error('a read of the file (UTF-8 or its GB18030 twin) gave other cells');
      }
    }
  }
  return times;
}
