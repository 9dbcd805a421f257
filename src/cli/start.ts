import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { startJobs } from '../jobs/start-jobs.ts';
import { buildApp, defaultWebDist } from '../server/app.ts';
import { systemNow } from '../services/context.ts';
import { DEMO_PASSWORD, demoLogins, hasNoOrgs, seedDemoOrg } from '../services/orgs/seed-demo-org.ts';
import { openDatabase } from './runtime.ts';

async function ensureWebBuilt(log: (m: string) => void): Promise<string | undefined> {
  if (fs.existsSync(path.join(defaultWebDist, 'index.html'))) {
    return defaultWebDist;
  }
  const configFile = path.resolve(defaultWebDist, '..', 'vite.config.ts');
  if (!fs.existsSync(configFile)) {
    log('web/ is missing: serving the API only.');
    return undefined;
  }
  log('Building the web app (first start only) …');
  const vite = await import('vite');
  await vite.build({ configFile, logLevel: 'warn' });
  return defaultWebDist;
}

/** The longest a SIGTERM/SIGINT shutdown may take (the job queue alone waits up to 10 s). */
const SHUTDOWN_DEADLINE_MS = 30_000;

/** `salesops start`: database, migrations, demo org on first start, web build, jobs, HTTP. */
export async function start(config: Config): Promise<void> {
  const log = (m: string) => console.log(`[salesops] ${m}`);
  const runtime = await openDatabase(config, log);
  const { db } = runtime.database;
  let firstStart = false;
  if (await hasNoOrgs(db)) {
    firstStart = true;
    await seedDemoOrg(db, systemNow());
  }
  const webDist = config.serveWeb ? await ensureWebBuilt(log) : undefined;
  const jobs = await startJobs({
    url: runtime.database.url,
    db,
    idleMinutes: config.sessionIdleMinutes,
    log,
  });
  const app = await buildApp({
    db,
    settings: {
      sessionIdleMinutes: config.sessionIdleMinutes,
      sessionAbsoluteHours: config.sessionAbsoluteHours,
    },
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    queueHealth: jobs.healthy,
    webDist,
    logger: { level: config.logLevel === 'debug' ? 'debug' : 'warn' },
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`${signal}: shutting down …`);
    // Whatever hangs (a database that vanished underneath), the process still ends.
    setTimeout(() => {
      log(`The shutdown did not finish in ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Stopping the queue first (it stops logging at once) keeps the shutdown quiet when the bundled
    // PostgreSQL's own exit hook ends its connections.
    const jobsStopped = jobs.stop().catch(() => {});
    await app.close().catch(() => {});
    await jobsStopped;
    await runtime.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await jobs.stop().catch(() => {});
    await runtime.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${config.port} is already in use. Set PORT to a free port, e.g. PORT=3001 npm start.`,
      );
    }
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  log(runtime.bundled ? `Database: bundled PostgreSQL in ${config.dataDir}` : 'Database: DATABASE_URL');
  if (firstStart) {
    log('Created the demo organisation.');
  }
  log(`Demo logins (password "${DEMO_PASSWORD}"):`);
  for (const l of demoLogins()) {
    log(`  ${l.role.padEnd(9)} ${l.email}`);
  }
  log(`SalesOps is running at ${url}  (API docs: ${url}/api/docs)`);
}
