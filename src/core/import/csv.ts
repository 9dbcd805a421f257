/** A table as read from a file: every cell a string, the first row the headers. */
export type Table = string[][];

/** Thrown when a file cannot be read as a table; the message is shown to the user as is. */
export class FileProblem extends Error {}

/**
 * RFC 4180 CSV: comma-separated, fields may be quoted, "" inside quotes is one quote, quoted fields
 * may hold commas and line breaks; CRLF, LF or CR end a record. Fully blank lines are dropped.
 */
export function parseCsv(text: string): Table {
  const rows: Table = [];
  const n = text.length;
  // Unquoted fields are sliced between delimiters found by a sticky regex, not built char by char:
  // a 100,000-row file parses in well under a second.
  const plain = /[^,\r\n]*/y;
  let row: string[] = [];
  let i = 0;
  while (i <= n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      field = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          throw new FileProblem('The CSV file ends inside a quoted field (a " is not closed).');
        }
        field += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient readers do.
      plain.lastIndex = i;
      const rest = plain.exec(text);
      if (rest && rest[0] !== '') {
        field += rest[0];
        i += rest[0].length;
      }
    } else {
      plain.lastIndex = i;
      const m = plain.exec(text) as RegExpExecArray;
      field = m[0];
      i += field.length;
    }
    row.push(field);
    const ch = text[i];
    if (ch === ',') {
      i++;
      continue;
    }
    // End of record: CRLF, LF, CR or end of text. Fully blank lines are dropped.
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
    }
    row = [];
    if (ch === undefined) {
      break;
    }
    i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
  }
  return rows;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text with CRLF line ends and no BOM (to be encoded in an encoding that has none, e.g. GB18030). */
export function csvText(rows: Table): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** CSV text with a UTF-8 BOM (so Excel opens Chinese correctly) and CRLF line ends. */
export function writeCsv(rows: Table): string {
  return `\uFEFF${csvText(rows)}`;
}
