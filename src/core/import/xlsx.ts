import { FileProblem, type Table } from './csv.ts';
import { readZip, writeZip } from './zip.ts';

// exceljs is not installed in this tree (and dependencies may not be added here), so XLSX (Office
// Open XML, ECMA-376) is read and written directly: a workbook is a ZIP of a few XML parts.

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) =>
      e.startsWith('#x')
        ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
        : e.startsWith('#')
          ? String.fromCodePoint(Number(e.slice(1)))
          : (ENTITIES[e] as string),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

function escapeXml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Control characters other than tab/LF/CR are not allowed in XML 1.0.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

/** Text of all <t> elements inside a fragment (plain or rich-text runs). */
function textOf(fragment: string): string {
  let out = '';
  for (const m of fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) {
    out += unescapeXml(m[1] as string);
  }
  return out;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) {
      break;
    }
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function columnName(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The first worksheet of an XLSX workbook as a table of strings. Numbers come as written in the
 * file (dates as Excel serial numbers: the field parsers accept those); formulas give their cached value.
 */
export function readXlsx(bytes: Buffer): Table {
  let parts: Map<string, Buffer>;
  try {
    parts = readZip(bytes);
  } catch (err) {
    if (err instanceof FileProblem) {
      throw err;
    }
    throw new FileProblem('The file is not a valid XLSX workbook.');
  }
  const part = (name: string) => parts.get(name)?.toString('utf8');
  const workbook = part('xl/workbook.xml');
  if (!workbook) {
    throw new FileProblem('The file is not an XLSX workbook (xl/workbook.xml is missing).');
  }
  let sheetPath = 'xl/worksheets/sheet1.xml';
  const firstSheet =
    /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook) ?? /<sheet\b[^>]*\bid="([^"]+)"/.exec(workbook);
  const rels = part('xl/_rels/workbook.xml.rels');
  if (firstSheet && rels) {
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
      if (id === firstSheet[1] && target) {
        sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
      }
    }
  }
  const sheet = part(sheetPath);
  if (!sheet) {
    throw new FileProblem('The workbook has no worksheet.');
  }
  const shared: string[] = [];
  const sst = part('xl/sharedStrings.xml');
  if (sst) {
    for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
      shared.push(textOf(m[1] as string));
    }
  }
  const table: Table = [];
  for (const rm of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNo = Number(/\br="(\d+)"/.exec(rm[1] as string)?.[1] ?? table.length + 1);
    const cells: string[] = [];
    let next = 0;
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[1] as string;
      const body = cm[2] ?? '';
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs)?.[1];
      const col = ref ? columnIndex(ref) : next;
      next = col + 1;
      const type = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value = '';
      if (type === 's') {
        value = shared[Number(v)] ?? '';
      } else if (type === 'inlineStr') {
        value = textOf(body);
      } else if (type === 'b') {
        value = v === '1' ? 'TRUE' : 'FALSE';
      } else if (v !== undefined) {
        value = unescapeXml(v);
      }
      cells[col] = value;
    }
    while (table.length < rowNo - 1) {
      table.push([]);
    }
    table.push(Array.from(cells, (c) => c ?? ''));
  }
  // Drop blank rows (formatting-only rows are common) and trailing empty cells.
  return table.filter((r) => r.some((c) => c.trim() !== ''));
}

/** A one-sheet XLSX workbook; every cell is an inline string (so nothing is ever a formula). */
export function writeXlsx(rows: Table, sheetName = 'Sheet1'): Buffer {
  const sheetRows = rows
    .map((r, i) => {
      const cells = r
        .map(
          (v, j) =>
            `<c r="${columnName(j)}${i + 1}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`,
        )
        .join('');
      return `<row r="${i + 1}">${cells}</row>`;
    })
    .join('');
  const xml = (s: string) =>
    Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');
  return writeZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(
        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
      ),
    },
  ]);
}
