import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../core/errors.js';

/**
 * What costopt reads from a user's file before refusing it. Every YAML and JSON input is read
 * through here (scenarios, costopt.yaml, --map files, catalogs, overrides, saved results, price
 * files), so a FIFO, a device or a file too large to be what it claims is an exit-2 error,
 * found before anything is parsed and with memory bounded by the limit.
 */
export const INPUT_LIMITS = {
  /** scenarios, costopt.yaml, mapping and overrides files, saved JSON results */
  documentBytes: 8 * 1024 * 1024,
  /** pricing catalogs and LiteLLM / genai-prices price files (LiteLLM's is about 1.7 MB in 2026) */
  priceFileBytes: 64 * 1024 * 1024,
  /** nesting of maps and lists in any YAML or JSON input */
  depth: 64,
  /** YAML alias expansions (the `yaml` library's maxAliasCount) */
  aliases: 100,
} as const;

export type InputKind = 'document' | 'price-file';

export function byteLimit(kind: InputKind): number {
  return kind === 'price-file' ? INPUT_LIMITS.priceFileBytes : INPUT_LIMITS.documentBytes;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

function errnoCode(e: unknown): string {
  return e instanceof Error && 'code' in e ? String(e.code) : '';
}

function cannotRead(file: string, e: unknown): InputError {
  const code = errnoCode(e);
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'too many symbolic links (a loop?)' : code || String(e);
  return new InputError({ severity: 'error', file, message: `cannot read file: ${why}` });
}

/** Why a path that exists is not a file costopt reads ('' when it is a regular file). */
export function notRegularFile(st: Stats): string {
  if (st.isFile()) return '';
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * Stat a path that must be a regular file, without opening it (opening a FIFO would wait for a
 * writer). Throws an InputError naming `shown` otherwise.
 */
export function statRegularFile(path: string, shown: string = path): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw cannotRead(shown, e);
  }
  const why = notRegularFile(st);
  if (why) throw new InputError({ severity: 'error', file: shown, message: `cannot read file: ${why}` });
  return st;
}

function tooLarge(file: string, limit: number, kind: InputKind): InputError {
  return new InputError({ severity: 'error', file, message: `file is larger than ${formatBytes(limit)}, the limit for a ${kind === 'price-file' ? 'catalog or price file' : 'scenario, config, mapping, overrides or saved-result file'}` });
}

/**
 * The bytes of a regular file, at most the limit of its kind: the size is checked before
 * reading, and the read stops one byte past the limit (a file in /proc says it has 0 bytes).
 */
export function readInputBytes(file: string, kind: InputKind = 'document', shown: string = file): Buffer {
  const limit = byteLimit(kind);
  const st = statRegularFile(file, shown);
  if (st.size > limit) throw tooLarge(shown, limit, kind);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannotRead(shown, e);
  }
  try {
    // the file may have been swapped between stat and open
    const why = notRegularFile(fstatSync(fd));
    if (why) throw new InputError({ severity: 'error', file: shown, message: `cannot read file: ${why}` });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(shown, limit, kind);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(shown, e);
  } finally {
    closeSync(fd);
  }
}

/** readInputBytes as UTF-8 text. */
export function readInputText(file: string, kind: InputKind = 'document', shown: string = file): string {
  return readInputBytes(file, kind, shown).toString('utf8');
}
