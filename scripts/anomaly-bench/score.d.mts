export interface ScoredEvent { type: string; detected: boolean; delay: number | null; alerts: number }
export interface ScoredRun { events: ScoredEvent[]; alerts: number; falseAlerts: { date: string; series: string }[]; controlHits: { control: string; date: string; series: string }[]; seriesMonths: number }
export declare function scoreRun(result: { anomalies: { date: string; series: string; also?: string[] }[] }, bench: unknown): ScoredRun;
export declare function summarize(runs: ScoredRun[]): Record<string, unknown>;
