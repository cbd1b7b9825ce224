import type { DetectorInput } from '../../src/core/anomaly/types.js';

export declare const MIN_IMPACT: number;
export interface BenchEvent { type: string; start: string; end: string; series: string; affected: string[] }
export interface BenchControl { type: string; series: string[]; dates: string[] }
export interface Bench { seed: number; input: DetectorInput; labels: { events: BenchEvent[]; controls: BenchControl[]; services: unknown[] } }
export declare function generate(seed: number, opts?: { days?: number; hard?: boolean }): Bench;
