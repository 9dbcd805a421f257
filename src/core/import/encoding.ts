import iconv from 'iconv-lite';
import { FileProblem } from './csv.ts';

/**
 * The text encodings a CSV file is read in. GBK files are read as GB18030: GB18030 is a superset
 * of GBK (every GBK byte sequence means the same character in GB18030; iconv-lite also reads the
 * single byte 0x80 as € as Windows' code page 936 does).
 */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export interface EncodingGuess {
  /** The most likely encoding: the one the file is read in unless the user chooses another. */
  encoding: TextEncoding;
  /** True when the bytes do not settle it (valid in neither, or too little text to tell). */
  unsure: boolean;
  /** The encodings worth showing the user, most likely first (always two). */
  candidates: [TextEncoding, TextEncoding];
}

/** Below this many multi-byte characters, text is too short to tell one encoding from another. */
const FEW_CHARACTERS = 4;
/** How many multi-byte characters the UTF-8 shape check looks at. */
const SHAPE_CAP = 256;
/** How much of the file the UTF-16-without-BOM check and the invalid-in-both comparison look at. */
const SAMPLE_BYTES = 64 * 1024;

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });

function hasPrefix(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

interface Utf8Shape {
  /** Multi-byte characters (their lead bytes). */
  multiByte: number;
  /** Of those, three- and four-byte ones: Chinese in UTF-8 is three bytes a character. */
  wide: number;
}

/**
 * Counts lead bytes of multi-byte UTF-8 characters, up to `cap` of them. GBK misread as UTF-8 gives
 * mostly two-byte characters (Latin, Greek, Cyrillic, Hebrew …); Chinese UTF-8 gives three-byte ones.
 */
function utf8Shape(bytes: Uint8Array, end: number, cap: number): Utf8Shape {
  let multiByte = 0;
  let wide = 0;
  for (let i = 0; i < end && multiByte < cap; i++) {
    const b = bytes[i] as number;
    if (b >= 0xc0) {
      multiByte++;
      if (b >= 0xe0) {
        wide++;
      }
    }
  }
  return { multiByte, wide };
}

/** Enough multi-byte characters, nearly all of them three bytes or more: what Chinese UTF-8 looks like. */
function looksLikeChineseUtf8(shape: Utf8Shape): boolean {
  return shape.multiByte >= FEW_CHARACTERS && shape.wide >= shape.multiByte * 0.8;
}

interface GbScan {
  /** Byte sequences that are not GB18030. */
  errors: number;
  /** Two- and four-byte characters. */
  multiByte: number;
  /** Two-byte characters inside GB2312's common area (lead A1–F7, trail A1–FE): ordinary Chinese text. */
  common: number;
}

/**
 * Checks the byte structure of GB18030 (which includes GBK): ASCII; lead 81–FE with a trail 40–7E or
 * 80–FE; or lead 81–FE, 30–39, 81–FE, 30–39. A lone 0x80 is code page 936's €.
 */
function scanGb18030(bytes: Uint8Array, end: number): GbScan {
  let errors = 0;
  let multiByte = 0;
  let common = 0;
  let i = 0;
  while (i < end) {
    const b = bytes[i] as number;
    if (b <= 0x80) {
      i++;
      continue;
    }
    if (b === 0xff || i + 1 >= end) {
      errors++;
      i++;
      continue;
    }
    const t = bytes[i + 1] as number;
    if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe)) {
      multiByte++;
      if (b >= 0xa1 && b <= 0xf7 && t >= 0xa1) {
        common++;
      }
      i += 2;
      continue;
    }
    if (
      t >= 0x30 &&
      t <= 0x39 &&
      i + 3 < end &&
      (bytes[i + 2] as number) >= 0x81 &&
      (bytes[i + 2] as number) <= 0xfe &&
      (bytes[i + 3] as number) >= 0x30 &&
      (bytes[i + 3] as number) <= 0x39
    ) {
      multiByte++;
      i += 4;
      continue;
    }
    errors++;
    i++;
  }
  return { errors, multiByte, common };
}

/** UTF-16 without a BOM shows itself by NUL bytes: the high byte of every ASCII character (commas, digits, line ends). */
function guessUtf16(bytes: Uint8Array): EncodingGuess | null {
  const end = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) {
      evenZeros++;
    }
    if (bytes[i + 1] === 0) {
      oddZeros++;
    }
  }
  if (evenZeros + oddZeros === 0) {
    return null;
  }
  const pairs = end / 2;
  // A CSV always has ASCII (delimiters, line ends), so a real UTF-16 file has NULs on one side only.
  const le = oddZeros > evenZeros;
  const major = le ? oddZeros : evenZeros;
  const minor = le ? evenZeros : oddZeros;
  // Characters such as U+9500 销 put a NUL on the other side too, but rarely (one in 256).
  const clear = pairs >= 8 && major >= pairs * 0.1 && minor * 8 <= major;
  return {
    encoding: le ? 'utf-16le' : 'utf-16be',
    unsure: !clear,
    candidates: le ? ['utf-16le', 'utf-16be'] : ['utf-16be', 'utf-16le'],
  };
}

export interface DetectedText {
  guess: EncodingGuess;
  /** The file decoded in `guess.encoding`, without its BOM. */
  text: string;
}

/**
 * Detects a CSV file's encoding and decodes it in one pass where it can: a BOM settles it (UTF-8,
 * UTF-16 LE/BE); NULs on one side mean UTF-16 without a BOM; otherwise strict UTF-8 against the byte
 * structure of GB18030/GBK. Chinese UTF-8 text is often also valid GB18030 byte by byte, but GBK text
 * is rarely valid UTF-8 for more than a few characters, so valid UTF-8 with enough non-ASCII text wins;
 * too few characters, or bytes valid in neither, leave the guess unsure for the user to settle.
 */
export function detectAndDecode(bytes: Uint8Array): DetectedText {
  const sure = (encoding: TextEncoding, other: TextEncoding): EncodingGuess => ({
    encoding,
    unsure: false,
    candidates: [encoding, other],
  });
  if (hasPrefix(bytes, 0xef, 0xbb, 0xbf)) {
    const guess = sure('utf-8', 'gb18030');
    return { guess, text: decodeText(bytes, 'utf-8') };
  }
  if (hasPrefix(bytes, 0xff, 0xfe)) {
    const guess = sure('utf-16le', 'utf-16be');
    return { guess, text: decodeText(bytes, 'utf-16le') };
  }
  if (hasPrefix(bytes, 0xfe, 0xff)) {
    const guess = sure('utf-16be', 'utf-16le');
    return { guess, text: decodeText(bytes, 'utf-16be') };
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) {
    return { guess: utf16, text: decodeText(bytes, utf16.encoding) };
  }
  let utf8: string | null = null;
  try {
    utf8 = utf8Strict.decode(bytes);
  } catch {
    utf8 = null;
  }
  if (utf8 !== null) {
    const shape = utf8Shape(bytes, bytes.length, SHAPE_CAP);
    // ASCII only, or clearly Chinese UTF-8: settled without looking at GB18030.
    if (shape.multiByte === 0 || looksLikeChineseUtf8(shape)) {
      return { guess: sure('utf-8', 'gb18030'), text: utf8 };
    }
    const gb = scanGb18030(bytes, bytes.length);
    if (gb.errors > 0) {
      return { guess: sure('utf-8', 'gb18030'), text: utf8 };
    }
    // Valid both ways (a short file, or UTF-8 of accented Latin letters): let the user see both.
    const first: TextEncoding = looksLikeGbText(gb) ? 'gb18030' : 'utf-8';
    const guess: EncodingGuess = {
      encoding: first,
      unsure: true,
      candidates: first === 'gb18030' ? ['gb18030', 'utf-8'] : ['utf-8', 'gb18030'],
    };
    return { guess, text: first === 'utf-8' ? utf8 : decodeText(bytes, 'gb18030') };
  }
  const gb = scanGb18030(bytes, bytes.length);
  if (gb.errors === 0) {
    const guess: EncodingGuess =
      gb.multiByte >= 2 && looksLikeGbText(gb)
        ? sure('gb18030', 'utf-8')
        : { encoding: 'gb18030', unsure: true, candidates: ['gb18030', 'utf-8'] };
    return { guess, text: decodeText(bytes, 'gb18030') };
  }
  // Valid in neither: a damaged file, or another encoding. Offer the one with fewer bad sequences
  // first; on a tie, UTF-8 when its characters are Chinese-shaped.
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const gbErrors = scanGb18030(sample, sample.length).errors;
  const utf8Errors = countReplacements(utf8Lenient.decode(sample));
  const encoding: TextEncoding =
    utf8Errors < gbErrors ||
    (utf8Errors === gbErrors && looksLikeChineseUtf8(utf8Shape(sample, sample.length, SHAPE_CAP)))
      ? 'utf-8'
      : 'gb18030';
  return {
    guess: {
      encoding,
      unsure: true,
      candidates: encoding === 'gb18030' ? ['gb18030', 'utf-8'] : ['utf-8', 'gb18030'],
    },
    text: decodeText(bytes, encoding),
  };
}

/** Most two-byte characters inside GB2312's common area: ordinary simplified-Chinese text. */
function looksLikeGbText(gb: GbScan): boolean {
  return gb.multiByte > 0 && gb.common >= gb.multiByte * 0.8;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    n++;
  }
  return n;
}

/** Bytes as text in the given encoding, without a leading BOM; bytes that mean nothing become U+FFFD. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  const text =
    encoding === 'utf-8'
      ? utf8Lenient.decode(bytes)
      : iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, {
          stripBOM: false,
        });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Text as bytes in the given encoding (no BOM added). GB18030 encodes every Unicode character. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
}

/** Strict UTF-8 (a leading BOM dropped); throws FileProblem on bytes that are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    const text = utf8Strict.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new FileProblem('The file is not UTF-8 text.');
  }
}
