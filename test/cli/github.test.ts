/**
 * Issue 15: corofetch inside GitHub Actions, tried from outside with the runner's environment pointing at
 * temp files: annotations on stderr (stdout keeps only the JSON), the summary appended, step outputs, and
 * the limits GitHub sets (10 annotations of a kind, 1 MiB of step summary) kept.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusedUrl } from '../helpers/servers.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { parseOutputs } from '../helpers/workflow.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const { temp } = workspace;
const page = (i: number) => `${workspace.baseUrl}page?bytes=100&delay=50&i=${i}`;

function stepFiles(name: string, summary = '# earlier step\n') {
  return {
    GITHUB_STEP_SUMMARY: temp.write(`${name}-summary.md`, summary),
    GITHUB_OUTPUT: temp.write(`${name}-output.txt`, 'earlier=kept\n'),
  };
}

describe('GitHub Actions (issue 15)', () => {
  it('under GITHUB_ACTIONS=true: a failed gate is an ::error on stderr, stdout stays JSON, summary and outputs appended', async () => {
    const env = { GITHUB_ACTIONS: 'true', ...stepFiles('auto') };
    const report = temp.path + '/report.json';
    const { code, stdout, stderr } = await runCli(
      [page(1), page(2), '--runs', '2', '--min-speedup', '50', '--json', '-o', report],
      { env },
    );
    expect(code).toBe(3);
    expect(parseReport(stdout).thresholds[0]!.outcome).toBe('failed');
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stderr).toMatch(
      /^::error title=corofetch%3A gate speedup >= 50 failed::FAILED \(measured [\d.]+×, 95%25 interval .*, short by [\d.]+\)$/m,
    );
    // Two rounds: the FEW_RUNS warning is an annotation too, instead of a plain line.
    expect(stderr).toMatch(/^::warning title=corofetch%3A FEW_RUNS::/m);
    expect(stderr).not.toMatch(/^warning: /m);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary.startsWith('# earlier step\n')).toBe(true);
    expect(summary).toMatch(/\| `speedup >= 50` \| .* \| ❌ failed \|/);
    const outputs = parseOutputs(readFileSync(env.GITHUB_OUTPUT, 'utf8'));
    expect(outputs).toMatchObject({
      earlier: 'kept',
      outcome: 'failed',
      'exit-code': '3',
      'gate-speedup': 'failed',
      report,
    });
    expect(Number(outputs['speedup-low'])).toBeLessThanOrEqual(Number(outputs.speedup));
    expect(Number(outputs['speedup-high'])).toBeGreaterThanOrEqual(Number(outputs.speedup));
  });

  it('--github off inside Actions writes none of it; --github on outside Actions writes all of it', async () => {
    const off = { GITHUB_ACTIONS: 'true', ...stepFiles('off') };
    const quiet = await runCli([page(1), '--mode', 'serial', '--github', 'off'], { env: off });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('::');
    expect(readFileSync(off.GITHUB_STEP_SUMMARY, 'utf8')).toBe('# earlier step\n');
    expect(readFileSync(off.GITHUB_OUTPUT, 'utf8')).toBe('earlier=kept\n');

    const on = stepFiles('on');
    const loud = await runCli([page(1), '--mode', 'serial', '--github', 'on'], { env: on });
    expect(loud.code).toBe(0);
    expect(readFileSync(on.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/## corofetch: 1 URL/);
    expect(parseOutputs(readFileSync(on.GITHUB_OUTPUT, 'utf8'))).toMatchObject({ outcome: 'passed', 'exit-code': '0' });
  });

  it('annotates at most 10 errors and says how many more', async () => {
    const refused = await refusedUrl();
    const urls = Array.from({ length: 13 }, (_, i) => `${refused}?i=${i}`);
    const { code, stderr } = await runCli([...urls, '--mode', 'serial', '--github', 'on', '-q']);
    expect(code).toBe(1);
    const errors = stderr.split('\n').filter((line) => line.startsWith('::error '));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toBe(
      `::error title=corofetch%3A ECONNREFUSED::${urls[0]} failed (serial): connect ECONNREFUSED ${new URL(refused).host}`,
    );
    expect(stderr).toContain('corofetch: 3 more errors not annotated (GitHub shows 10 of each kind per step)');
  });

  it('leaves a step summary alone that it would push past 1 MiB, and says so without failing', async () => {
    const env = stepFiles('full', `${'x'.repeat(1024 * 1024 - 200)}\n`);
    const before = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    const { code, stderr } = await runCli([page(1), '--mode', 'serial', '--github', 'on'], { env });
    expect(code).toBe(0);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toBe(before);
    expect(stderr).toMatch(
      /^::warning title=corofetch%3A output::cannot write \$GITHUB_STEP_SUMMARY '.*': it holds 1,048,377 bytes and the summary is [\d,]+ bytes: together past 1,048,576 bytes, where GitHub drops a step summary whole$/m,
    );
    // Asked for by name, the same file is a failed output: exit 2.
    const asked = await runCli([page(1), '--mode', 'serial', '--markdown', env.GITHUB_STEP_SUMMARY], { env });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(
      /^corofetch: cannot write --markdown '.*': it holds 1,048,377 bytes .*past 1,048,576 bytes/m,
    );
  });

  it('writes the continuous-benchmarking files beside the others', async () => {
    const bencher = temp.path + '/bmf.json';
    const action = temp.path + '/gab.json';
    const { code } = await runCli([
      page(1),
      page(2),
      '--runs',
      '2',
      '--bencher',
      bencher,
      '--benchmark-action',
      action,
    ]);
    expect(code).toBe(0);
    const bmf = JSON.parse(readFileSync(bencher, 'utf8')) as Record<string, Record<string, { value: number }>>;
    expect(Object.keys(bmf)).toEqual([
      'serial wall time',
      'serial request p95',
      'concurrent wall time',
      'concurrent request p95',
      'speedup',
    ]);
    // Nanoseconds: two 50 ms pages one after the other take 100 ms or more.
    expect(bmf['serial wall time']!.latency!.value).toBeGreaterThanOrEqual(100e6);
    const entries = JSON.parse(readFileSync(action, 'utf8')) as Array<{ name: string; unit: string }>;
    expect(entries.map((e) => [e.name, e.unit])).toEqual([
      ['serial wall time', 'ms'],
      ['serial request p95', 'ms'],
      ['concurrent wall time', 'ms'],
      ['concurrent request p95', 'ms'],
    ]);
  });

  it('reports the outcome as the process ends: an output that could not be written is a failure, and no path of it', async () => {
    // A device like /dev/full (char 1,7): every write fails with ENOSPC.
    const full = join(temp.path, 'full-like');
    execFileSync('mknod', [full, 'c', '1', '7']);
    const env = { GITHUB_ACTIONS: 'true', ...stepFiles('full-device') };
    const bencher = join(temp.path, 'kept.json');
    const { code, stderr } = await runCli([page(1), '--mode', 'serial', '-o', full, '--bencher', bencher], { env });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^::error title=corofetch%3A output::cannot write --output '.*full-like': no space left on the device$/m,
    );
    const outputs = parseOutputs(readFileSync(env.GITHUB_OUTPUT, 'utf8'));
    expect(outputs).toMatchObject({ outcome: 'failed', 'exit-code': '2', bencher });
    expect(outputs.report).toBeUndefined();
  });

  it('leaves the benchmark-history files unwritten when a request failed, and says why', async () => {
    const refused = await refusedUrl();
    const bencher = join(temp.path, 'history.json');
    const { code, stderr } = await runCli([page(1), refused, '--mode', 'serial', '--bencher', bencher]);
    expect(code).toBe(1);
    expect(existsSync(bencher)).toBe(false);
    expect(stderr).toContain(
      `corofetch: warning: --bencher '${bencher}' not written: a request failed, so the timings include failures`,
    );
  });
});
