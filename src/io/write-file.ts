import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * Write a file whole or not at all: the text goes to a temporary file beside it, then is renamed
 * over the target, so a failure (disk full, a kill) never leaves half a file. An existing file
 * is replaced only with `force` (as `costopt init` and `pricing import` do).
 */
export function writeFileAtomic(path: string, shown: string, text: string, force: boolean): void {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new InputError({ severity: 'error', file: shown, message: 'is a folder; name a file to write' });
    if (!force) throw new InputError({ severity: 'error', file: shown, message: 'file exists; not overwritten (pass --force to replace it, or name another file)' });
  }
  if (!existsSync(dirname(path))) throw new InputError({ severity: 'error', file: shown, message: `cannot write: no folder ${dirname(shown) || '.'}` });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof InputError) throw e;
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    throw new InputError({ severity: 'error', file: shown, message: `cannot write: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code || String(e)}` });
  }
}
