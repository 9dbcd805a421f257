import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Conflict, Invalid } from '../../core/errors.ts';

/** Refuses early, before any work, when the target cannot be written as asked. */
export function checkTarget(file: string, force: boolean): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Invalid(`The folder ${dir} does not exist; nothing was written.`, [
      { path: 'out', message: 'the folder must exist' },
    ]);
  }
  if (fs.existsSync(file) && !force) {
    throw alreadyExists(file);
  }
}

function alreadyExists(file: string): Conflict {
  return new Conflict(`${file} already exists; pass --force to replace it. Nothing was written.`, [
    { path: 'out', message: 'exists (use --force to replace it)' },
  ]);
}

/**
 * Writes `file` through a temporary file in the same folder (same file system, so the final step is
 * an atomic rename): `write` receives the temporary path, and only when it resolves does the file
 * take the target's name, flushed to disk. If `write` fails, the temporary file is removed and an
 * existing target is untouched. Without `force`, an existing target is never replaced, even one
 * created meanwhile (a hard link refuses to overwrite, unlike rename). Returns whether a file was replaced.
 */
export async function writeFileSafely({
  file,
  force,
  write,
}: {
  file: string;
  force: boolean;
  write: (temporary: string) => Promise<void>;
}): Promise<{ replaced: boolean }> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.partial`,
  );
  try {
    await write(temporary);
    const replaced = fs.existsSync(file);
    if (force) {
      await fs.promises.rename(temporary, file);
      return { replaced };
    }
    try {
      await fs.promises.link(temporary, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw alreadyExists(file);
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') {
        throw err;
      }
      // A file system without hard links: check, then rename (a small window, but no other way).
      if (fs.existsSync(file)) {
        throw alreadyExists(file);
      }
      await fs.promises.rename(temporary, file);
    }
    return { replaced: false };
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
}
