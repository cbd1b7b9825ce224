export declare const FOCUS_BENCH_HEADER: string[];
/** Write `megabytes` MB of FOCUS rows to `path` (fixed seed); the exact BilledCost total as a decimal string. */
export declare function generateFocus(path: string, megabytes: number, seed?: number): { rows: number; bytes: number; billed: string };
