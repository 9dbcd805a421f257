import type { Config } from '../config.ts';
import { connect, type Database, runMigrations } from '../db/client.ts';
import { startBundledPostgres } from '../db/embedded.ts';

export interface Runtime {
  database: Database;
  bundled: boolean;
  close: () => Promise<void>;
}

/** The database the app runs on: DATABASE_URL if set, else the bundled PostgreSQL under dataDir. */
export async function openDatabase(
  config: Config,
  log: (m: string) => void,
  { migrate = true, supervise = false }: { migrate?: boolean; supervise?: boolean } = {},
): Promise<Runtime> {
  if (config.databaseUrl) {
    const database = connect(config.databaseUrl);
    if (migrate) {
      await runMigrations(database.db);
    }
    return { database, bundled: false, close: () => database.close() };
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
