import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { InstanceLocked } from '../db/instance-lock.ts';
import { commands } from './commands.ts';

const usage = `salesops <command> [options]

  start                         run SalesOps (bundled PostgreSQL unless DATABASE_URL is set)
  migrate                       apply database migrations and exit
  create-user --email E --name N --role R --password P [--org ID] [--unit ID]
  reset-password --email E --password P
  backup --out FILE [--org ID] [--force]
                                logical dump of one org, or of the whole database;
                                --force replaces an existing FILE
  restore --in FILE             restore a dump into an empty database
  demo                          wipe and reseed the demo organisation
  rebuild-rollups [--org ID]    recount the pipeline board rollup from the deals

Environment: PORT, HOST, SALESOPS_DATA_DIR, DATABASE_URL, SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const run = command ? commands[command] : undefined;
  if (!run) {
    console.log(usage);
    process.exitCode = command && command !== 'help' && command !== '--help' ? 2 : 0;
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string' },
      unit: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      force: { type: 'boolean' },
    },
    strict: true,
  });
  await run(readConfig(), values);
}

main().catch((err: unknown) => {
  if (err instanceof InstanceLocked) {
    console.error(`[salesops] ${err.message}`);
  } else {
    console.error(`[salesops] ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) {
      console.error(err.stack);
    }
  }
  process.exit(1);
});
