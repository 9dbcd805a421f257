import { spawn } from 'node:child_process';

const childScript = new URL('./seed-demo-child.ts', import.meta.url).pathname;

/**
 * Runs the demo seed (cli/seed-demo-child.ts) in a child Node process and waits for it: the memory
 * the seed needs leaves with the child, so the server's resident size after a first start is that of
 * any later start. The child inherits tsx's loader and the data it needs through the environment.
 */
export function seedDemoInChildProcess(url: string, now: Date): Promise<void> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), childScript], {
    env: { ...process.env, SALESOPS_SEED_DATABASE_URL: url, SALESOPS_SEED_NOW: String(now.getTime()) },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`Seeding the demo organisation failed (${signal ?? `status ${code}`}).\n${stderr}`));
      }
    });
  });
}
