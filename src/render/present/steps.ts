/** How a plan step is named in estimate's tables (and in its simulation's): "baseline", then "1. response caching", ... */
const STEP_NAME: Record<string, string> = {
  baseline: 'baseline',
  prompt: 'prompt optimisation',
  cache: 'response caching',
  routing: 'routing',
  batch: 'batch API',
  prompt_cache: 'prompt caching',
};

export function stepName(strategy: string, i: number): string {
  const name = STEP_NAME[strategy] ?? strategy;
  return i === 0 ? name : `${i}. ${name}`;
}
