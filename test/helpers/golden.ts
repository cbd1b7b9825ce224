/**
 * Whether a golden test compares its output with the expected files or rewrites them.
 * UPDATE_GOLDEN=1 rewrites them (then the diff is reviewed); under CI it is refused, so a CI
 * job can never turn a regression into a new expectation.
 */
export function goldenMode(env: Readonly<Record<string, string | undefined>>): 'compare' | 'update' {
  const update = env.UPDATE_GOLDEN !== undefined && env.UPDATE_GOLDEN !== '' && env.UPDATE_GOLDEN !== '0';
  if (!update) return 'compare';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  if (ci) throw new Error('UPDATE_GOLDEN is refused under CI (CI is set): refresh golden files locally and review the diff');
  return 'update';
}

/** Fewer cases than this means some were lost (a folder renamed, a cmd.json deleted). */
export const MIN_GOLDEN_CASES = 24;
/** The hand-worked estimate cases (test/cases/estimate-* with expected.json). */
export const MIN_ESTIMATE_CASES = 8;
