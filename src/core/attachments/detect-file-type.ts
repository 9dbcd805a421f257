/**
 * What a file is, told by its content rather than its name or the client's claim (OWASP file-upload
 * guidance: never trust the extension or Content-Type). Only the kinds a contract file can be are
 * recognised: PDF, PNG/JPEG/GIF/WebP images, Office Open XML (docx/xlsx/pptx) and the legacy binary
 * Office formats (doc/xls/ppt, OLE2 compound files).
 */

export type FileKind =
  | 'pdf'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'doc'
  | 'xls'
  | 'ppt';

export interface DetectedType {
  kind: FileKind;
  mimeType: string;
  /** The usual extension, without the dot. */
  extension: string;
}

export const FILE_KINDS: Record<FileKind, Omit<DetectedType, 'kind'>> = {
  pdf: { mimeType: 'application/pdf', extension: 'pdf' },
  png: { mimeType: 'image/png', extension: 'png' },
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
  gif: { mimeType: 'image/gif', extension: 'gif' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
  docx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pptx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
  },
  doc: { mimeType: 'application/msword', extension: 'doc' },
  xls: { mimeType: 'application/vnd.ms-excel', extension: 'xls' },
  ppt: { mimeType: 'application/vnd.ms-powerpoint', extension: 'ppt' },
};

/** Every MIME type an attachment can have (for schemas and docs). */
export const ATTACHMENT_MIME_TYPES = Object.values(FILE_KINDS).map((k) => k.mimeType);

export type Detection =
  | ({ ok: true } & DetectedType)
  | {
      ok: false;
      /** What the content looked like, when it is a known container that is not an accepted kind. */
      seen: string;
    };

const startsWith = (buf: Uint8Array, bytes: readonly number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = ascii('%PDF-');

function found(kind: FileKind): Detection {
  return { ok: true, kind, ...FILE_KINDS[kind] };
}

/**
 * The type of a file from its bytes: magic numbers for PDF and images; for a ZIP, the Office Open XML
 * package it must be ([Content_Types].xml plus a word/, xl/ or ppt/ folder, read from the central
 * directory); for an OLE2 compound file, the stream that names the application (WordDocument,
 * Workbook/Book, PowerPoint Document), read by following the file's own FAT and directory chain.
 */
export function detectFileType(buf: Uint8Array): Detection {
  // PDF readers accept the header anywhere in the first 1024 bytes (PDF 1.7 implementation note 13).
  if (indexOf(buf.subarray(0, 1024 + PDF.length), PDF) >= 0) {
    return found('pdf');
  }
  if (startsWith(buf, PNG)) {
    return found('png');
  }
  if (startsWith(buf, JPEG)) {
    return found('jpeg');
  }
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) {
    return found('gif');
  }
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) {
    return found('webp');
  }
  if (startsWith(buf, ZIP_LOCAL)) {
    const kind = ooxmlKind(buf);
    return kind
      ? found(kind)
      : { ok: false, seen: 'a ZIP archive that is not a Word, Excel or PowerPoint file' };
  }
  if (startsWith(buf, CFB)) {
    const kind = cfbKind(buf);
    return kind
      ? found(kind)
      : { ok: false, seen: 'an OLE2 compound file that is not a Word, Excel or PowerPoint file' };
  }
  return { ok: false, seen: describeUnknown(buf) };
}

function indexOf(haystack: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) {
        continue outer;
      }
    }
    return i;
  }
  return -1;
}

/** A few well-known kinds named in the refusal, so the user learns what was sent. */
function describeUnknown(buf: Uint8Array): string {
  if (buf.length === 0) {
    return 'an empty file';
  }
  const known: [readonly number[], string, number?][] = [
    [ascii('MZ'), 'a Windows program'],
    [[0x7f, 0x45, 0x4c, 0x46], 'a Linux program (ELF)'],
    [ascii('Rar!'), 'a RAR archive'],
    [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
    [[0x1f, 0x8b], 'a gzip archive'],
    [ascii('BM'), 'a BMP image'],
    [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
    [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
    [ascii('{\\rtf'), 'an RTF document'],
    [ascii('ftyp'), 'a video or HEIC image', 4],
  ];
  for (const [magic, name, at] of known) {
    if (startsWith(buf, magic, at ?? 0)) {
      return name;
    }
  }
  const head = buf.subarray(0, 512);
  const text = head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20);
  return text ? 'a text file' : 'an unknown binary file';
}

const u16 = (buf: Uint8Array, at: number) => (buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8);
const u32 = (buf: Uint8Array, at: number) =>
  ((buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8) | ((buf[at + 2] ?? 0) << 16) | ((buf[at + 3] ?? 0) << 24)) >>>
  0;

/** Names in a ZIP's central directory (PKWARE APPNOTE 4.3.12/4.3.16), or null when it is unreadable. */
function zipEntryNames(buf: Uint8Array): string[] | null {
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    return null;
  }
  const count = u16(buf, eocd + 10);
  let at = u32(buf, eocd + 16);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || u32(buf, at) !== 0x02014b50) {
      return null;
    }
    const nameLength = u16(buf, at + 28);
    const extraLength = u16(buf, at + 30);
    const commentLength = u16(buf, at + 32);
    if (at + 46 + nameLength > buf.length) {
      return null;
    }
    names.push(decoder.decode(buf.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** docx/xlsx/pptx: an OPC package ([Content_Types].xml, ECMA-376 part 2) with the application's folder. */
function ooxmlKind(buf: Uint8Array): FileKind | null {
  const names = zipEntryNames(buf);
  if (!names?.includes('[Content_Types].xml')) {
    return null;
  }
  const has = (folder: string) => names.some((name) => name.startsWith(folder));
  if (has('word/')) {
    return 'docx';
  }
  if (has('xl/')) {
    return 'xlsx';
  }
  if (has('ppt/')) {
    return 'pptx';
  }
  return null;
}

const END_OF_CHAIN = 0xfffffffe;
const FREE_SECTOR = 0xffffffff;

/**
 * doc/xls/ppt: an OLE2 compound file ([MS-CFB]) whose directory holds the application's main stream.
 * The directory is found through the FAT (its sectors listed in the header's DIFAT and any DIFAT
 * sectors); every chain is bounded, so a damaged or hostile file cannot loop.
 */
function cfbKind(buf: Uint8Array): FileKind | null {
  const shift = u16(buf, 30);
  if (shift !== 9 && shift !== 12) {
    return null;
  }
  const size = 1 << shift;
  const sectorAt = (s: number) => (s + 1) * size;
  const maxSectors = Math.ceil(buf.length / size);
  // FAT sectors: 109 in the header, then chained DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = u32(buf, 76 + 4 * i);
    if (s === FREE_SECTOR) {
      break;
    }
    fatSectors.push(s);
  }
  let difat = u32(buf, 68);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE_SECTOR && guard < maxSectors; guard++) {
    const base = sectorAt(difat);
    if (base + size > buf.length) {
      return null;
    }
    for (let i = 0; i < size / 4 - 1; i++) {
      const s = u32(buf, base + 4 * i);
      if (s !== FREE_SECTOR) {
        fatSectors.push(s);
      }
    }
    difat = u32(buf, base + size - 4);
  }
  const perSector = size / 4;
  const nextSector = (s: number): number => {
    const fat = fatSectors[Math.floor(s / perSector)];
    if (fat === undefined || sectorAt(fat) + size > buf.length) {
      return END_OF_CHAIN;
    }
    return u32(buf, sectorAt(fat) + 4 * (s % perSector));
  };
  const names = new Set<string>();
  let sector = u32(buf, 48);
  for (let guard = 0; sector !== END_OF_CHAIN && guard < maxSectors; guard++) {
    const base = sectorAt(sector);
    if (base + size > buf.length) {
      break;
    }
    for (let e = base; e < base + size; e += 128) {
      const nameBytes = u16(buf, e + 64);
      const type = buf[e + 66];
      // 1 storage, 2 stream, 5 root; the name is UTF-16LE with its terminating NUL counted.
      if ((type === 1 || type === 2 || type === 5) && nameBytes >= 2 && nameBytes <= 64) {
        let name = '';
        for (let i = 0; i < nameBytes - 2; i += 2) {
          name += String.fromCharCode(u16(buf, e + i));
        }
        names.add(name);
      }
    }
    sector = nextSector(sector);
  }
  if (names.has('WordDocument')) {
    return 'doc';
  }
  if (names.has('Workbook') || names.has('Book')) {
    return 'xls';
  }
  if (names.has('PowerPoint Document')) {
    return 'ppt';
  }
  return null;
}
