import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/client.ts';
import type { Actor } from '../policies/scope.ts';

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** Everything a use case needs from outside: the database, who acts, the clock and the request. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
  meta: RequestMeta;
}

/**
 * Random bytes for ids, drawn from the OS 4 KiB at a time: one `getRandomValues` call per 16-byte id
 * (what `uuid` does on its own) costs about 2 µs, which a 100,000-row import pays 100,000 times.
 */
const idEntropy = new Uint8Array(4096);
let idEntropyAt = idEntropy.length;
/** Millisecond and 31-bit counter of the last id, as `uuid` keeps them for monotonic v7 ids. */
const idClock = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

function randomBytes16(): Uint8Array {
  if (idEntropyAt === idEntropy.length) {
    crypto.getRandomValues(idEntropy);
    idEntropyAt = 0;
  }
  const bytes = idEntropy.subarray(idEntropyAt, idEntropyAt + 16);
  idEntropyAt += 16;
  return bytes;
}

/**
 * UUIDv7 (RFC 9562 §5.7, with the §6.2 method 1 counter): time-ordered, so new rows land at the end of
 * their indexes, and monotonic within this process. `uuid` lays out and formats the bytes; the
 * counter follows uuid's own rule (a random 31-bit start each new millisecond, + 1 within one, the
 * clock moved on when it wraps), fed from the pooled entropy above.
 */
export function newId(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > idClock.msecs) {
    idClock.msecs = now;
    idClock.seq =
      (((random[6] as number) & 0x7f) << 24) |
      ((random[7] as number) << 16) |
      ((random[8] as number) << 8) |
      (random[9] as number);
  } else {
    idClock.seq = (idClock.seq + 1) | 0;
    if (idClock.seq === 0) {
      idClock.msecs++;
    }
  }
  return uuidv7({ msecs: idClock.msecs, seq: idClock.seq, random });
}

/** The app clock, truncated to milliseconds so timestamps round-trip through JSON cursors exactly. */
export function systemNow(): Date {
  return new Date(Date.now());
}
