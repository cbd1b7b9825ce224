// The costopt budget gate of action.yml, for a pull request: the cost change against the base
// branch (`costopt diff --base-ref`), the budget check (`costopt check --base-ref`), each breach
// annotated on its scenario line (`check --format github` on stdout, which the runner reads), one
// pull-request comment updated in place (found again by a hidden marker), the job summary, and the
// check's exit code (1: a budget is exceeded, 2: bad input) when fail-on-breach is on.
// Node built-ins only: it runs on the runner's Node before or without the project's node_modules.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

const env = process.env;
const input = (name, fallback = '') => (env[`INPUT_${name.toUpperCase().replace(/[ -]/g, '_')}`] ?? fallback).trim() || fallback;
const command = input('command', 'npx --yes costopt');
const config = input('config', 'costopt.yaml');
const scenarios = input('scenarios', 'scenarios/*.yaml');
const baseRef = input('base-ref', env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : '');
const failOnBreach = input('fail-on-breach', 'true') === 'true';
const comment = input('comment', 'true') === 'true';
const MARKER = '<!-- costopt-budget-gate -->';

/** Run costopt with these arguments (the command is split on spaces, never given to a shell). */
function costopt(args) {
  const [bin, ...pre] = command.split(/\s+/).filter(Boolean);
  const r = spawnSync(bin, [...pre, ...args], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { code: 2, stdout: '', stderr: `could not run ${command}: ${r.error.message}` };
  return { code: r.status ?? 2, stdout: r.stdout, stderr: r.stderr };
}

const base = baseRef ? ['--base-ref', baseRef] : [];
const diff = costopt(['diff', ...base, scenarios, '--format', 'markdown']);
const check = costopt(['check', '--config', config, ...base, '--format', 'markdown']);
// annotations: workflow commands on stdout, read by the runner
const annotations = costopt(['check', '--config', config, ...base, '--format', 'github']);
process.stdout.write(annotations.stdout);
for (const r of [diff, check]) if (r.stderr) process.stderr.write(r.stderr);

const body = [
  '## costopt',
  check.code === 2 ? `costopt check could not run (exit 2):\n\n\`\`\`\n${check.stderr.trim()}\n\`\`\`` : check.stdout.trim(),
  '',
  '<details><summary>Cost change (base -> head)</summary>',
  '',
  diff.code === 0 || diff.code === 1 ? diff.stdout.trim() : `costopt diff could not run (exit ${diff.code}):\n\n\`\`\`\n${diff.stderr.trim()}\n\`\`\``,
  '',
  '</details>',
  '',
].join('\n');
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, body);
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `exit=${check.code}\n`);

/** One comment on the pull request, updated in place; skipped (with a note) where the token cannot write. */
async function postComment() {
  const event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  const pr = event.pull_request;
  if (!pr) return console.log('costopt: not a pull request; no comment');
  if (pr.head?.repo?.full_name && pr.head.repo.full_name !== env.GITHUB_REPOSITORY) return console.log('costopt: a fork\'s token cannot comment; see the job summary');
  if (!env.GITHUB_TOKEN) return console.log('costopt: no GITHUB_TOKEN; no comment');
  const api = `${env.GITHUB_API_URL ?? 'https://api.github.com'}/repos/${env.GITHUB_REPOSITORY}`;
  const headers = { authorization: `Bearer ${env.GITHUB_TOKEN}`, accept: 'application/vnd.github+json', 'content-type': 'application/json', 'user-agent': 'costopt-action' };
  const text = `${MARKER}\n${body}`.slice(0, 65000);
  let mine;
  for (let page = 1; page <= 50 && !mine; page++) {
    const res = await fetch(`${api}/issues/${pr.number}/comments?per_page=100&page=${page}`, { headers });
    if (!res.ok) throw new Error(`listing comments: HTTP ${res.status}`);
    const list = await res.json();
    mine = list.find((c) => c.user?.type === 'Bot' && typeof c.body === 'string' && c.body.startsWith(MARKER));
    if (list.length < 100) break;
  }
  const res = mine
    ? await fetch(`${api}/issues/comments/${mine.id}`, { method: 'PATCH', headers, body: JSON.stringify({ body: text }) })
    : await fetch(`${api}/issues/${pr.number}/comments`, { method: 'POST', headers, body: JSON.stringify({ body: text }) });
  if (!res.ok) throw new Error(`${mine ? 'updating' : 'writing'} the comment: HTTP ${res.status}`);
  console.log(`costopt: ${mine ? 'updated' : 'wrote'} the pull-request comment`);
}

if (comment) {
  try {
    await postComment();
  } catch (e) {
    // the comment is a courtesy: the summary, the annotations and the exit code still stand
    console.log(`::warning title=costopt::could not write the pull-request comment (${e.message})`);
  }
}
if (check.code !== 0) console.log(`costopt check exited ${check.code} (1: a budget is exceeded, 2: bad input)`);
process.exit(failOnBreach ? check.code : check.code === 2 ? 2 : 0);
