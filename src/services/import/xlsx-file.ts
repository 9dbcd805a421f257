import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { FileProblem, type Table } from '../../core/import/index.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as the date fields accept it: "2025-03-01" at midnight, else "2025-03-01 14:30:05".
 * exceljs gives the wall-clock time the sheet shows as a UTC instant (spreadsheets have no zone).
 */
function dateText(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const day = t.toISOString().slice(0, 10);
  const [h, m, s] = [t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** A cell value as text: numbers as JavaScript writes them, TRUE/FALSE, formulas by their cached result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number') {
    return String(v);
  }
  if (typeof v === 'boolean') {
    return v ? 'TRUE' : 'FALSE';
  }
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? '' : dateText(v);
  }
  if ('richText' in v) {
    return v.richText.map((r) => r.text).join('');
  }
  if ('hyperlink' in v) {
    // The shown text may itself be rich text.
    return cellText(v.text as ExcelJS.CellValue);
  }
  if ('error' in v) {
    return v.error;
  }
  if ('formula' in v || 'sharedFormula' in v) {
    return cellText(v.result);
  }
  return '';
}

/**
 * The first worksheet of an XLSX workbook as a table of strings (see `cellText`). Cells covered by
 * a merge are empty (only the merge's top-left cell holds the value); blank rows and trailing empty
 * cells are dropped.
 */
export async function readXlsx(bytes: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; on Node it reads a Buffer (JSZip takes both).
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new FileProblem('The file is not a valid XLSX workbook.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new FileProblem('The workbook has no worksheet.');
  }
  const table: Table = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell((cell, col) => {
      cells[col - 1] = cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell.value);
    });
    const filled = Array.from(cells, (c) => c ?? '');
    while (filled.length > 0 && filled[filled.length - 1] === '') {
      filled.pop();
    }
    if (filled.some((c) => c.trim() !== '')) {
      table.push(filled);
    }
  });
  return table;
}

/**
 * A string as an OOXML string item holds it (ECMA-376 ST_Xstring), which exceljs decodes when
 * reading shared strings but does not encode when writing: a carriage return is written as `_x000D_` (a raw one
 * becomes a line feed in any XML parser) and text that looks like such an escape gets its `_` escaped.
 */
function xstring(value: string): string {
  return value.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1').replace(/\r/g, '_x000D_');
}

/**
 * A one-sheet XLSX workbook, the first row being the headers. Every cell is a plain string value,
 * never a formula (neutralise cells first: see `neutraliseCell`). Written with exceljs's streaming
 * writer: a 100,000-row export takes about a third of the time (≈2 s) and a fraction of the memory
 * of building the workbook in memory first.
 */
export async function writeXlsx(rows: Table, sheetName = 'Sheet1'): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  for (const r of rows) {
    sheet.addRow(r.map(xstring)).commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}
