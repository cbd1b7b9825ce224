import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * Reading a file as it was at a git ref (`git show <ref>:<path>`): no checkout, no change to
 * the working tree, so `check --base-ref origin/main` can run on a pull request's head.
 */

function git(args: string[], cwd: string): { ok: true; out: string } | { ok: false; err: string } {
  try {
    const out = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return { ok: true, out };
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    if (code === 'ENOENT') return { ok: false, err: 'git is not installed (or not on PATH)' };
    const stderr = e instanceof Error && 'stderr' in e ? String(e.stderr).trim() : String(e);
    return { ok: false, err: stderr.split('\n')[0] ?? stderr };
  }
}

export interface RefFile {
  /** `origin/main:scenarios/chat.yaml`: how messages name it */
  label: string;
  /** the file's text at the ref, or null when the file did not exist there */
  text: string | null;
  /** the commit the ref resolved to */
  commit: string;
}

const resolved = new Map<string, string>();

/** Every label readAtRef handed out, with the ref and the working-tree file it stands for. */
const labels = new Map<string, { ref: string; abs: string }>();

/**
 * The ref and working-tree path behind a label readAtRef made (`origin/main:scenarios/x.yaml`),
 * or undefined for any other name: a scenario read at a ref resolves the files it names
 * (`catalog: ../catalogs/mine.yaml`) from its own folder, at the same ref.
 */
export function refOrigin(label: string): { ref: string; abs: string } | undefined {
  return labels.get(label);
}

/** The commit `ref` names, seen from `dir`; a bad ref is an exit-2 error naming the flag. */
export function resolveRef(ref: string, dir: string): string {
  const key = `${dir}\0${ref}`;
  const hit = resolved.get(key);
  if (hit) return hit;
  if (ref.startsWith('-')) throw new InputError({ severity: 'error', path: '--base-ref', message: `not a git ref: "${ref}"` });
  const top = git(['rev-parse', '--show-toplevel'], dir);
  if (!top.ok) throw new InputError({ severity: 'error', path: '--base-ref', message: `${dir} is not inside a git repository (${top.err})` });
  const r = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], dir);
  if (!r.ok || !r.out.trim()) {
    throw new InputError({ severity: 'error', path: '--base-ref', message: `unknown git ref "${ref}"`, hint: 'in CI, fetch the base branch first (actions/checkout with fetch-depth: 0, or git fetch origin main)' });
  }
  const commit = r.out.trim();
  resolved.set(key, commit);
  return commit;
}

/**
 * The nearest existing directory at or above `path` (git must run somewhere that exists: a
 * file, or a whole folder, deleted on the branch is still there at the base ref), with the
 * rest of the path below it, '/'-separated.
 */
function existingAncestor(path: string): { dir: string; rest: string } {
  let dir = resolve(path);
  const parts: string[] = [];
  while (!existsSync(dir) && dirname(dir) !== dir) {
    parts.unshift(basename(dir));
    dir = dirname(dir);
  }
  return { dir, rest: parts.join('/') };
}

/** The text of `file` (a working-tree path) at `ref`, or text null when it did not exist there. */
export function readAtRef(ref: string, file: string): RefFile {
  const given = resolve(file);
  // git reports the top level with symlinks resolved (/tmp -> /private/tmp); compare like with like
  const anchor = existingAncestor(dirname(given));
  const dir = realpathSync(anchor.dir);
  const below = [anchor.rest, basename(given)].filter(Boolean).join('/');
  const abs = join(dir, below);
  const commit = resolveRef(ref, dir);
  const top = git(['rev-parse', '--show-toplevel'], dir);
  const rel = top.ok ? relative(top.out.trim(), abs).split('\\').join('/') : basename(abs);
  const label = `${ref}:${rel}`;
  labels.set(label, { ref, abs: given });
  // `./path` is resolved against the directory git runs in, whatever the repository layout
  const spec = `${commit}:./${below}`;
  const exists = git(['cat-file', '-e', spec], dir);
  if (!exists.ok) return { label, text: null, commit };
  const shown = git(['show', spec], dir);
  if (!shown.ok) throw new InputError({ severity: 'error', file: label, message: `cannot read at ${ref}: ${shown.err}` });
  return { label, text: shown.out, commit };
}

/**
 * Every file under `dir` (a working-tree path, which may no longer exist) at `ref`, as
 * absolute working-tree paths: what a glob would have matched on the base branch.
 */
export function filesAtRef(ref: string, dir: string): string[] {
  const anchor = existingAncestor(dir);
  const commit = resolveRef(ref, anchor.dir);
  // without --full-name, ls-tree takes and prints paths relative to the directory it runs in
  const r = git(['ls-tree', '-r', '-z', '--name-only', commit, '--', anchor.rest || '.'], anchor.dir);
  if (!r.ok) throw new InputError({ severity: 'error', path: '--base-ref', message: `cannot list ${dir} at ${ref}: ${r.err}` });
  return r.out.split('\0').filter(Boolean).map((p) => join(anchor.dir, p));
}

/**
 * A file that a file read at a ref names by path (a scenario's `catalog: ../catalogs/mine.yaml`):
 * resolved from the naming file's folder in the working tree (not the process's working
 * directory) and read at the same ref. `atRef` is null when the file is outside that repository
 * (an absolute path elsewhere) or did not exist at the ref (untracked, ignored, added since):
 * the caller then reads `abs` from disk. Undefined when `label` is not a readAtRef label.
 */
export function besideAtRef(label: string, path: string): { abs: string; atRef: RefFile | null } | undefined {
  const origin = labels.get(label);
  if (!origin) return undefined;
  const abs = resolve(dirname(origin.abs), path);
  const top = (p: string) => {
    const r = git(['rev-parse', '--show-toplevel'], realpathSync(existingAncestor(p).dir));
    return r.ok ? r.out.trim() : undefined;
  };
  const repo = top(dirname(origin.abs));
  if (repo === undefined || top(dirname(abs)) !== repo) return { abs, atRef: null };
  const atRef = readAtRef(origin.ref, abs);
  return { abs, atRef: atRef.text === null ? null : atRef };
}
