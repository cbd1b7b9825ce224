import { createReadStream, existsSync, openSync, readSync, closeSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../core/errors.js';
import { compilePattern, matchSegments } from '../../core/glob.js';
import { statRegularFile } from '../read-file.js';

/**
 * Bill inputs: files, folders (every .csv / .json / .jsonl / .ndjson, gzipped or not, and .parquet below, sorted, hidden files left out) and globs (`*`, `?`, `**`).
 * Each file is opened as a text stream (gzip detected from its magic bytes, not its name).
 */
export interface InputFile {
  /** as shown in messages: the argument itself, or relative to the cwd when found in a folder or glob */
  shown: string;
  path: string;
  bytes: number;
  gzip: boolean;
}

const BILL_FILE = /\.((csv|json|jsonl|ndjson)(\.gz)?|parquet)$/i;

/** Every file below `dir`, sorted; hidden entries (`.git`, macOS `._bill.csv` metadata) are left out. */
function walk(dir: string, out: string[], depth = 0): void {
  // a folder that cannot be listed is bad input naming it (exit 2), never a crash nor a silent gap;
  // symlinks are not followed (a Dirent of a link is neither a file nor a folder), so no loop
  if (depth > MAX_FOLDER_DEPTH) throw new InputError({ severity: 'error', file: dir, message: `folders nested more than ${MAX_FOLDER_DEPTH} deep` });
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    throw new InputError({ severity: 'error', file: dir, message: `cannot read folder: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code || String(e)}` });
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out, depth + 1);
    else if (e.isFile()) out.push(p);
  }
}

const MAX_FOLDER_DEPTH = 100;

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const n = readSync(fd, b, 0, 2, 0);
    return n === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

export function expandInputs(args: readonly string[], cwd: string): InputFile[] {
  if (!args.length) throw new InputError({ severity: 'error', message: 'no bill given: pass one or more files, folders or globs (e.g. costopt analyze exports/*.csv.gz)' });
  const seen = new Set<string>();
  const out: InputFile[] = [];
  const add = (path: string, shown: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    // a FIFO or a device (/dev/zero) would be read forever: refused before it is opened
    const st = statRegularFile(path, shown);
    out.push({ shown, path, bytes: st.size, gzip: isGzip(path) });
  };
  const show = (p: string) => relative(cwd, p) || p;
  for (const arg of args) {
    const abs = isAbsolute(arg) ? arg : resolve(cwd, arg);
    if (existsSync(abs)) {
      const st = statSync(abs);
      if (st.isDirectory()) {
        const files: string[] = [];
        walk(abs, files);
        const bills = files.filter((f) => BILL_FILE.test(f));
        if (!bills.length) throw new InputError({ severity: 'error', file: arg, message: 'folder holds no .csv, .json, .jsonl (or gzipped) or .parquet file' });
        bills.forEach((f) => add(f, show(f)));
      } else add(abs, arg);
      continue;
    }
    if (/[*?]/.test(arg)) {
      const norm = abs.split(sep).join('/');
      const firstWild = norm.search(/[*?]/);
      const root = dirname(norm.slice(0, firstWild + 1)) || '/';
      const pattern = compilePattern(norm.split('/').filter(Boolean).join('/'));
      if (!pattern.ok) throw new InputError({ severity: 'error', file: arg, message: `malformed glob: ${pattern.message}` });
      const files: string[] = [];
      if (existsSync(root)) walk(root, files);
      const parts = (f: string) => f.split(sep).join('/').split('/').filter(Boolean);
      const hits = files.filter((f) => matchSegments(pattern.value, parts(f)));
      if (!hits.length) throw new InputError({ severity: 'error', file: arg, message: 'no file matches this pattern' });
      hits.forEach((f) => add(f, show(f)));
      continue;
    }
    throw new InputError({ severity: 'error', file: arg, message: `cannot read file: no such file or folder${basename(arg) !== arg ? '' : ''}` });
  }
  return out;
}

/** A text stream of the file (gunzipped when needed); `onBytes` sees the raw bytes read (for progress). */
export function openText(f: InputFile, onBytes?: (n: number) => void): NodeJS.ReadableStream & AsyncIterable<string> {
  const raw = createReadStream(f.path, { highWaterMark: 1 << 20 });
  if (onBytes) raw.on('data', (b: Buffer | string) => onBytes(b.length));
  const stream = f.gzip ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding('utf8');
  return stream as NodeJS.ReadableStream & AsyncIterable<string>;
}
