import fs from 'node:fs';
import path from 'node:path';

/** True when a process with this pid exists (signal 0 probes without touching it). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, where the platform exposes it (Linux /proc); else undefined. */
export function processCommand(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

export class InstanceLocked extends Error {}

/**
 * One SalesOps instance per data directory. The lock is a file created with O_EXCL holding our pid;
 * a lock whose process is gone (the app was killed with -9) is stale and taken over.
 */
export function acquireInstanceLock(dataDir: string): { release: () => void } {
  const file = path.join(dataDir, 'salesops.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) {
          return;
        }
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) {
            fs.unlinkSync(file);
          }
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    }
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    const cmd = Number.isInteger(pid) ? processCommand(pid) : undefined;
    const holderAlive =
      Number.isInteger(pid) &&
      pid !== process.pid &&
      isProcessAlive(pid) &&
      (cmd === undefined || /node|salesops/i.test(cmd));
    if (holderAlive) {
      throw new InstanceLocked(
        `Another SalesOps instance (pid ${pid}) is already using the data directory ${dataDir}. ` +
          'Stop it first, or point SALESOPS_DATA_DIR at another directory.',
      );
    }
    // Stale: its process is gone (or the pid now belongs to something that is not SalesOps).
    fs.rmSync(file, { force: true });
  }
  throw new InstanceLocked(`Could not lock the data directory ${dataDir}; another instance keeps starting.`);
}
