/**
 * Issue 15: docs/github-actions.yml, run step by step with the GitHub environment set to temp files
 * (test/helpers/workflow.ts), against a service written here. A push to the default branch passes and
 * leaves a baseline; a pull request whose service has started answering one request at a time fails its
 * gates, and the log, the step summary and the step outputs say why.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, STACK_LINE } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { makeTempDir } from '../helpers/temp.js';
import { runWorkflow, type StepResult, type WorkflowRun } from '../helpers/workflow.js';

const WORKFLOW = fileURLToPath(new URL('../../docs/github-actions.yml', import.meta.url));
const PAGE_DELAY_MS = 150;

/** Four pages, each after 150 ms; `serialized` makes it answer one request at a time, as a regression would. */
async function startService(): Promise<TestServer & { state: { serialized: boolean } }> {
  let queue: Promise<void> = Promise.resolve();
  const state = { serialized: false };
  const server = await startHttpServer((_req, res) => {
    const answer = (): Promise<void> =>
      new Promise((done) =>
        setTimeout(() => {
          res.end('x'.repeat(2000));
          done();
        }, PAGE_DELAY_MS),
      );
    if (state.serialized) queue = queue.then(answer);
    else void answer();
  });
  return { ...server, state };
}

const temp = makeTempDir();
let service: Awaited<ReturnType<typeof startService>>;
let run: Omit<WorkflowRun, 'event' | 'sha'>;

beforeAll(async () => {
  service = await startService();
  const bin = join(temp.path, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'corofetch'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'corofetch'), 0o755);
  const workspace = join(temp.path, 'repo');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'urls.txt'), ['a', 'b', 'c', 'd'].map((p) => `${service.url}${p}`).join('\n') + '\n');
  run = { file: WORKFLOW, workspace, store: join(temp.path, 'store'), path: bin, skip: ['install', 'service'] };
});

afterAll(async () => {
  await service.close();
  temp.remove();
});

const step = (steps: StepResult[], id: string): StepResult => steps.find((s) => s.id === id)!;
const named = (steps: StepResult[], prefix: string): StepResult => steps.find((s) => s.name.startsWith(prefix))!;

describe('docs/github-actions.yml (issue 15)', () => {
  it('passes on the default branch and keeps the report as the next baseline', { timeout: 120_000 }, async () => {
    const steps = await runWorkflow({ ...run, event: 'push', sha: 'a1' });
    const corofetch = step(steps, 'corofetch');
    expect(corofetch.stderr).not.toMatch(STACK_LINE);
    expect(corofetch.outcome, corofetch.stderr).toBe('success');
    expect(step(steps, 'baseline').outputs['cache-hit']).toBe('false');
    expect(corofetch.outputs).toMatchObject({ outcome: 'passed', 'exit-code': '0', 'gate-speedup': 'passed' });
    expect(Number(corofetch.outputs.speedup)).toBeGreaterThan(2);
    expect(Number(corofetch.outputs['speedup-low'])).toBeLessThanOrEqual(Number(corofetch.outputs.speedup));
    expect(corofetch.outputs.report).toBe(join(run.workspace, 'report.json'));
    expect(corofetch.stderr).not.toContain('::error');
    expect(corofetch.summary).toContain('## corofetch: 4 URLs, 5 rounds');
    expect(named(steps, 'Figures').stdout).toMatch(
      /^speedup \d+\.\d+x \(95% interval [\d.]+-[\d.]+x\); corofetch passed$/m,
    );
    expect(existsSync(join(run.store, 'artifacts', 'corofetch-report', 'report.html'))).toBe(true);
    expect(named(steps, 'Save the baseline').outcome).toBe('success');
    expect(existsSync(join(run.store, 'cache', 'corofetch-baseline-a1-1', 'baseline', 'report.json'))).toBe(true);
  });

  it(
    'fails a pull request whose service answers one request at a time, and says why in the log, the summary and the outputs',
    { timeout: 120_000 },
    async () => {
      service.state.serialized = true;
      const steps = await runWorkflow({ ...run, event: 'pull_request', sha: 'b2' });
      expect(step(steps, 'baseline').outputs['cache-matched-key']).toBe('corofetch-baseline-a1-1');
      const corofetch = step(steps, 'corofetch');
      expect(corofetch.stderr).not.toMatch(STACK_LINE);
      expect(corofetch.outcome).toBe('failure');
      expect(corofetch.exitCode).toBe(3);
      // The log: one annotation per failed gate, escaped as the toolkit escapes them.
      const annotations = corofetch.stderr.split('\n').filter((line) => line.startsWith('::'));
      expect(annotations).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^::error title=corofetch%3A gate speedup >= 2 failed::FAILED \(measured 1\.\d+×, 95%25 interval /,
          ),
          expect.stringMatching(
            /^::error title=corofetch%3A gate concurrent\.regression <= 10 failed::FAILED \(measured \+\d+/,
          ),
        ]),
      );
      expect(corofetch.outputs).toMatchObject({
        outcome: 'failed',
        'exit-code': '3',
        'gate-speedup': 'failed',
        'gate-concurrent-regression': 'failed',
      });
      expect(corofetch.summary).toMatch(/\| `speedup >= 2` \| .* \| ❌ failed \|/);
      // Later steps still run: the figures in the log, the reports kept; a failed run is no baseline.
      expect(named(steps, 'Figures').stdout).toMatch(/corofetch failed$/m);
      expect(named(steps, 'Keep the reports').outcome).toBe('success');
      expect(named(steps, 'Save the baseline').outcome).toBe('skipped');
    },
  );
});
