import path from 'node:path';

/** Runtime settings, read once from the environment at start (README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  /** Where the bundled PostgreSQL keeps its files, unless `databaseUrl` is set. */
  dataDir: string;
  /** An external PostgreSQL 15+; when set, the bundled one is not started. */
  databaseUrl: string | undefined;
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
  /** Hours after sign-in after which a session ends whatever its activity. */
  sessionAbsoluteHours: number;
  /** Mark cookies Secure (set automatically when requests arrive over https). */
  secureCookies: boolean;
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
  logLevel: string;
  /** Serve the web app (SALESOPS_WEB=off runs the API only, without building web/). */
  serveWeb: boolean;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${name} must be a non-negative whole number, got "${raw}"`);
  }
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.SALESOPS_DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 120),
    sessionAbsoluteHours: intFrom(env, 'SESSION_ABSOLUTE_HOURS', 24 * 7),
    secureCookies: env.SECURE_COOKIES === 'true',
    trustProxy: env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    serveWeb: env.SALESOPS_WEB !== 'off',
  };
}
