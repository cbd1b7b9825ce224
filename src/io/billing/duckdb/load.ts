import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Loading DuckDB on demand. `@duckdb/node-api` is an optional dependency with a native binding:
 * it is imported only when the DuckDB engine runs, and when it cannot load (no binding for this
 * platform, a broken install) callers fall back to the JS engine and say why.
 */
export type DuckDBModule = typeof import('@duckdb/node-api');

let cached: Promise<{ mod?: DuckDBModule; reason?: string }> | undefined;

export async function loadDuckDB(): Promise<{ mod?: DuckDBModule; reason?: string }> {
  cached ??= (async () => {
    if (process.env.COSTOPT_NO_DUCKDB === '1') return { reason: 'disabled by COSTOPT_NO_DUCKDB=1' };
    try {
      // DuckDB's allocator (jemalloc) keeps freed pages for 10 s by default, so the scan's
      // buffers and the aggregate's hash tables were still resident when the report's cells
      // were built: peak RSS 408-432 MB on the 1 GB bench. Returned after 100 ms: 304-341 MB,
      // same time (a user's own setting wins; read when the library loads).
      process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:100,muzzy_decay_ms:0';
      // require, not import(): the package is CommonJS, and importing it from ESM first runs
      // node's CommonJS export scanner over every file of it (~170 ms on the 2-core bench VM)
      const mod = createRequire(import.meta.url)('@duckdb/node-api') as DuckDBModule;
      return { mod };
    } catch (e) {
      return { reason: `@duckdb/node-api could not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
    }
  })();
  return cached;
}

/**
 * Memory and threads: DuckDB's buffer manager stays under `memory_limit` and spills hash tables
 * to a private temp folder beyond it; Node, the native heap outside the buffer manager and the
 * cells take the rest of the 400 MB budget (measured by `npm run bench`).
 */
export const DUCKDB_MEMORY_LIMIT = process.env.COSTOPT_DUCKDB_MEMORY ?? '160MB';

export interface DuckSession {
  instance: DuckDBInstance;
  con: DuckDBConnection;
  close(): void;
}

export async function openSession(mod: DuckDBModule): Promise<DuckSession> {
  const spill = mkdtempSync(join(tmpdir(), 'costopt-duckdb-'));
  const threads = String(Math.max(1, Math.min(availableParallelism(), Number(process.env.COSTOPT_DUCKDB_THREADS ?? 4))));
  const instance = await mod.DuckDBInstance.create(':memory:', {
    threads,
    memory_limit: DUCKDB_MEMORY_LIMIT,
    preserve_insertion_order: 'false',
    temp_directory: spill,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const con = await instance.connect();
  await con.run("SET TimeZone = 'UTC'");
  // The compiled SQL names each value once per level; DuckDB's common-subexpression pass would
  // hoist the (rarely needed) full date grammar out of its COALESCE and run it on every row.
  await con.run("SET disabled_optimizers = 'common_subexpressions'");
  return {
    instance,
    con,
    close() {
      try {
        con.closeSync();
        instance.closeSync();
      } finally {
        rmSync(spill, { recursive: true, force: true });
      }
    },
  };
}
