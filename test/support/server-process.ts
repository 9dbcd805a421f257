import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve('bin/salesops.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit status (or the signal's name) once the process has ended. */
  exited: Promise<number | string | null>;
}

/**
 * Starts `salesops start` as a real process (API only, a free port) with `env` added to this one's,
 * and resolves once it says it is running.
 */
export function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
  const e: NodeJS.ProcessEnv = { ...process.env, PORT: '0', SALESOPS_WEB: 'off', ...env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) {
      delete e[k];
    }
  }
  const child = spawn(process.execPath, [bin, 'start'], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before running:\n${out}`));
    });
  });
}

/** Signs in over real HTTP; the cookie and CSRF token for later requests. */
export async function signInOverHttp(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) {
    throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  }
  const body = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: body.csrfToken };
}
