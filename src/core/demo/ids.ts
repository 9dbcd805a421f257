import type { Rng } from '../random.ts';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7-shaped id from a seeded generator: the 48-bit Unix-millisecond timestamp of the record
 * (so ids sort by time like `newId()`'s), version nibble 7, variant bits 10, and 74 random bits
 * drawn from `rng`. Same stream and timestamps → same ids.
 */
export function seededUuidV7(rng: Rng, atMs: number): string {
  const b = new Uint8Array(16);
  let ts = Math.max(0, Math.floor(atMs));
  for (let i = 5; i >= 0; i--) {
    b[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  for (let i = 6; i < 16; i++) {
    b[i] = Math.floor(rng.next() * 256);
  }
  b[6] = 0x70 | ((b[6] as number) & 0x0f);
  b[8] = 0x80 | ((b[8] as number) & 0x3f);
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) {
      s += '-';
    }
    s += HEX[b[i] as number];
  }
  return s;
}

/** The timestamp (ms) a UUIDv7 carries. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
