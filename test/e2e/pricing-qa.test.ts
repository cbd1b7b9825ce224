import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Found by the QA pass over `costopt pricing` (a user's first runs, 80-column terminal).
describe('pricing list at 80 columns', () => {
  it('never breaks a date or a header across lines; the hash is hidden and said so', async () => {
    const r = await runCli(['pricing', 'list'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/│ 2024-06-01 +│ 2024-06-01 │/);
    expect(r.stdout).toMatch(/│ 2026-11-01 +│ 2026-11-01 │/);
    for (const h of ['published', 'instances', 'serverless', 'throughput']) expect(r.stdout).toContain(` ${h} `);
    expect(r.stdout).toContain('sha256 hidden to fit 80 columns');
  });

  it('shows every column, the hash included, at 120 columns', async () => {
    const r = await runCli(['pricing', 'list'], { env: { COLUMNS: '120' } });
    expect(r.stdout).toMatch(/│ sha256 +│/);
    expect(r.stdout).toMatch(/2026-12-01 \(latest\)/);
  });
});

describe('pricing subcommands refuse the catalog flags they do not use', () => {
  const cases: [string[], string, string][] = [
    [['pricing', 'lint', '--catalog', 'test/fixtures/bad-catalogs/lint-violations.yaml'], '--catalog', 'costopt pricing lint my-catalog.yaml'],
    [['pricing', 'lint', '--as-of', '2020-01-01'], '--as-of', 'pricing lint checks whole files'],
    [['pricing', 'list', '--as-of', '2025-01-01'], '--as-of', 'pricing show <id> --as-of'],
    [['pricing', 'list', '--catalog', '2024-06-01'], '--catalog', 'pricing list lists the shipped versions'],
    [['pricing', 'diff', '2024-06-01', '2026-11-01', '--as-of', '2025-01-01'], '--as-of', 'pricing diff <from> <to>'],
    [['pricing', 'import', 'litellm', 'test/fixtures/pricing-import/litellm-small.json', '--version', '2026-01-01', '--out', '-', '--pricing-overrides', 'test/fixtures/overrides-gpt4o.yaml'], '--pricing-overrides', 'when you use the imported catalog'],
  ];
  for (const [args, flag, hint] of cases) {
    it(`${args.slice(0, 2).join(' ')} ${flag}: exit 2 naming the flag, nothing on stdout`, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error ${flag}: not used by \`costopt ${args.slice(0, 2).join(' ')}\``);
      expect(r.stderr).toContain(hint);
      expect(r.stdout).toBe('');
    });
  }

  it('the flags each subcommand uses still work', async () => {
    expect((await runCli(['pricing', 'show', 'openai/gpt-4o', '--as-of', '2024-06-01'])).code).toBe(0);
    expect((await runCli(['pricing', 'diff', '2024-06-01', '2024-06-01', '--pricing-overrides', 'test/fixtures/overrides-gpt4o.yaml'])).code).toBe(0);
  });
});

describe('--catalog <file> diagnostics name the file as given', () => {
  it('pricing show --catalog <broken file>: exit 2 at file:line:col with the relative path', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o', '--catalog', 'test/fixtures/bad-catalogs/negative-price.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith('test/fixtures/bad-catalogs/negative-price.yaml:11:13 error models[0].output: a price cannot be negative')).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('a catalog file that does not exist is named as given', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o', '--catalog', 'test/fixtures/nothere.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith('test/fixtures/nothere.yaml error cannot read file: no such file')).toBe(true);
  });
});

describe('pricing show of an id another shipped version has', () => {
  it('a model added later: names the version searched and the one that has it', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o-mini', '--as-of', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // --as-of is a day of the newest release's history: gpt-4o-mini launched on 2024-07-18
    expect(r.stderr).toContain('error id: openai/gpt-4o-mini is not available on 2024-06-01: openai/gpt-4o-mini first pointed at a model on 2024-07-18 (openai/gpt-4o-mini-2024-07-18) (catalog costopt-public 2026-12-01)');
    expect(r.stderr).toContain('hint: costopt pricing history openai/gpt-4o-mini lists the days it was available');
    const plain = await runCli(['pricing', 'show', 'openai/gpt-4o-mini', '--catalog', '2024-06-01']);
    expect(plain.stderr).toContain('error id: unknown id "openai/gpt-4o-mini" (catalog costopt-public 2024-06-01)');
    expect(plain.stderr).toContain('hint: openai/gpt-4o-mini is in catalog version 2026-11-01, 2026-12-01: use --as-of 2026-12-01');
  });

  it('a model removed since: points back at the version that had it', async () => {
    const r = await runCli(['pricing', 'show', 'anthropic/claude-2.1']);
    expect(r.code).toBe(2);
    // retired on 2025-07-21 (Anthropic's model deprecations page)
    expect(r.stderr).toContain('anthropic/claude-2.1 is not available on 2026-12-01: anthropic/claude-2.1 was retired on 2025-07-21 (catalog costopt-public 2026-12-01)');
    expect(r.stderr).toContain('hint: costopt pricing history anthropic/claude-2.1 lists the days it was available');
    const old = await runCli(['pricing', 'show', 'anthropic/claude-2.1', '--catalog', '2026-11-01']);
    expect(old.stderr).toContain('hint: anthropic/claude-2.1 is in catalog version 2024-06-01: use --as-of 2024-06-01');
  });

  it('a typo keeps its did-you-mean and gets no version hint', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt4o']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "openai/gpt-4o"');
    expect(r.stderr).not.toContain('hint:');
  });
});

describe('pricing diff --section', () => {
  it('a near miss gets a did-you-mean', async () => {
    const r = await runCli(['pricing', 'diff', '2024-06-01', '2026-11-01', '--section', 'model']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error --section: expected one of models, instances, serverless, throughput, got "model"; did you mean "models"?');
  });
});

describe('pricing show ""', () => {
  it('an empty id asks for one instead of suggesting unrelated ids', async () => {
    const r = await runCli(['pricing', 'show', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error id: expected an id such as openai/gpt-4o');
    expect(r.stderr).not.toContain('did you mean');
  });
});

describe('pricing lint of a file that is not a catalog', () => {
  it('a scenario file: one error saying what it is, not an unknown-key error per key', async () => {
    const r = await runCli(['pricing', 'lint', 'scenarios/support-bot.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('scenarios/support-bot.yaml:1:1 error this is a scenario file, not a pricing catalog');
    expect(r.stderr).toContain('hint: costopt validate <file> checks a scenario');
    expect(r.stderr).not.toContain('unknown key');
  });

  it('an overrides file given as --catalog', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o', '--catalog', 'test/fixtures/overrides-gpt4o.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/overrides-gpt4o.yaml:1:1 error this is a pricing overrides file, not a pricing catalog');
    expect(r.stderr).toContain('--pricing-overrides <file>');
  });

  it('a real catalog with a wrong key still gets its unknown-key error', async () => {
    const r = await runCli(['pricing', 'lint', 'test/fixtures/bad-catalogs/unknown-key.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "outptu"; did you mean "output"?');
  });
});
