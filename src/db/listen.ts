import pg from 'pg';

export interface ListenHandlers {
  /** A notice arrived on the channel. */
  onNotice: (payload: string) => void;
  /** LISTEN is in place (first connection and after every reconnect). */
  onListening: () => void;
  /** The connection is gone: notices sent from now until `onListening` are lost. */
  onLost: () => void;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Keeps one dedicated connection (outside the pool, with the pool's settings) listening on a
 * PostgreSQL NOTIFY channel. A lost connection is reported at once and re-established with backoff
 * until `stop` is called or the pool is ended; nothing here throws into the process.
 */
export function listenForNotices(pool: pg.Pool, channel: string, handlers: ListenHandlers) {
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = RETRY_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;

  const lost = (c: pg.Client) => {
    if (client !== c) {
      return;
    }
    client = undefined;
    handlers.onLost();
    c.end().catch(() => {});
    schedule();
  };

  const schedule = () => {
    if (stopped || pool.ending || pool.ended || timer) {
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      void open();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  const open = async () => {
    if (stopped || pool.ending || pool.ended) {
      return;
    }
    const c = new pg.Client(pool.options);
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel === channel) {
        handlers.onNotice(n.payload ?? '');
      }
    });
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch {
      lost(c);
      return;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    retryMs = RETRY_FIRST_MS;
    handlers.onListening();
  };

  void open();
  return {
    stop: async () => {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      const c = client;
      client = undefined;
      handlers.onLost();
      await c?.end().catch(() => {});
    },
  };
}
