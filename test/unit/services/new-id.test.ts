import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/services/context.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('makes RFC 9562 version-7 UUIDs, distinct and strictly increasing within the process', () => {
    // More ids than one 4 KiB draw of entropy holds (256), so refills are crossed many times.
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids) {
      expect(id).toMatch(UUID_V7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) {
      expect((ids[i - 1] as string) < (ids[i] as string)).toBe(true);
    }
  });

  it('carries the current Unix time in milliseconds in its first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    const msecs = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    // The counter may move the clock on by a millisecond when it wraps within one.
    expect(msecs).toBeLessThanOrEqual(after + 1);
  });

  it('does not reuse random bits between ids', () => {
    const tails = new Set(Array.from({ length: 5_000 }, () => newId().slice(-12)));
    expect(tails.size).toBe(5_000);
  });
});
