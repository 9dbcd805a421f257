import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; services accept `Db | Tx` as `Queryable`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  close: () => Promise<void>;
}

/**
 * How long a query waits for a connection (a new one on a black-holed network, or a free slot in a
 * saturated pool) before it fails, and its request answers 503.
 */
const CONNECT_TIMEOUT_MS = 10_000;

export function connect(url: string, { max = 10 }: { max?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // TCP keep-alive notices a peer that vanished (failover, cut network) on an idle connection.
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor may a checked-out one (a transaction, a query in flight when PostgreSQL restarts): without
  // a listener its 'error' event would end the process. The query itself fails and the request
  // answers 503; on release the pool drops the broken client and later opens a fresh one.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzle(pool, { schema });
  return { db, pool, url, close: () => pool.end() };
}

export const migrationsFolder = new URL('./migrations', import.meta.url).pathname;

/** Applies the committed SQL migrations (drizzle-kit) that this database has not seen yet. */
export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
