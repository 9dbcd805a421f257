import { type DetectedType, FILE_KINDS, type FileKind } from './detect-file-type.ts';

/** Extensions each kind may carry in its name (lower case, without the dot). */
const EXTENSIONS: Record<FileKind, readonly string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  gif: ['gif'],
  webp: ['webp'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  doc: ['doc'],
  xls: ['xls'],
  ppt: ['ppt'],
};

export const MAX_FILE_NAME_LENGTH = 200;

/**
 * A file name as sent, cut to what a name can be: the last path segment (browsers on Windows send
 * `C:\fakepath\…`), without control characters, trimmed of spaces and dots, at most 200 characters
 * (the extension kept). Empty when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const plain = last.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '');
  const trimmed = plain.replace(/^[\s.]+|[\s.]+$/g, '');
  if ([...trimmed].length <= MAX_FILE_NAME_LENGTH) {
    return trimmed;
  }
  const dot = trimmed.lastIndexOf('.');
  const ext = dot > 0 && trimmed.length - dot <= 10 ? trimmed.slice(dot) : '';
  const chars = [...trimmed.slice(0, trimmed.length - ext.length)];
  return chars.slice(0, MAX_FILE_NAME_LENGTH - ext.length).join('') + ext;
}

export type NameCheck =
  | { ok: true; fileName: string }
  | { ok: false; extension: string; expected: readonly string[] };

/**
 * The stored name of a file of the detected type: a name without an extension gets the type's usual
 * one; a name whose extension says another type is refused, so a download never saves under a name
 * that opens in the wrong program (a PDF called `合同.exe`).
 */
export function nameForType(fileName: string, type: DetectedType): NameCheck {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const expected = EXTENSIONS[type.kind];
  if (ext === '') {
    return { ok: true, fileName: `${fileName}.${FILE_KINDS[type.kind].extension}` };
  }
  return expected.includes(ext) ? { ok: true, fileName } : { ok: false, extension: ext, expected };
}

/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266 §4.3): an ASCII fallback for old
 * clients and `filename*` in UTF-8, percent-encoded (RFC 5987/8187), which browsers prefer.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
