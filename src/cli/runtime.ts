import type { Config } from '../config.ts';
import { connect, type Database, runMigrations } from '../db/client.ts';
import { bundledDatabaseExists, startBundledPostgres } from '../db/embedded.ts';

export interface Runtime {
  database: Database;
  bundled: boolean;
  close: () => Promise<void>;
}

/**
 * The database the app runs on: DATABASE_URL if set, else the bundled PostgreSQL under dataDir.
 * `existing`: refuse rather than initialise a new bundled database (commands that only read, like
 * backup, must not create an empty cluster and then report on it).
 */
export async function openDatabase(
  config: Config,
  log: (m: string) => void,
  {
    migrate = true,
    existing = false,
    supervise = false,
  }: { migrate?: boolean; existing?: boolean; supervise?: boolean } = {},
): Promise<Runtime> {
  if (config.databaseUrl) {
    const database = connect(config.databaseUrl);
    if (migrate) {
      await runMigrations(database.db);
    }
    return { database, bundled: false, close: () => database.close() };
  }
  if (existing && !bundledDatabaseExists(config.dataDir)) {
    throw new Error(
      `No SalesOps database found: DATABASE_URL is not set and ${config.dataDir} holds no bundled database. Set SALESOPS_DATA_DIR to the data directory (or DATABASE_URL to the server); nothing was written.`,
    );
  }
  const pg = await startBundledPostgres({ dataDir: config.dataDir, log, supervise });
  const database = connect(pg.url);
  try {
    if (migrate) {
      await runMigrations(database.db);
    }
  } catch (err) {
    await database.close();
    await pg.stop();
    throw err;
  }
  return {
    database,
    bundled: true,
    close: async () => {
      await database.close();
      await pg.stop();
    },
  };
}
