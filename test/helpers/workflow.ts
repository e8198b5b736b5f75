/**
 * Runs a GitHub Actions workflow's steps here, as the runner would run them on one job: `run:` steps in
 * bash (`-eo pipefail`, as GitHub's default shell) with the GitHub environment pointing at temp files, and
 * the few actions corofetch's workflow uses emulated on local folders (checkout and setup-node as no-ops,
 * cache restore and save, artifact upload). Expressions and `if:` support what that workflow needs: the
 * status functions, `==`/`!=` against a string, and `&&`. Anything else is an error, not a guess.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface StepSpec {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface WorkflowSpec {
  env?: Record<string, string>;
  jobs: Record<string, { steps: StepSpec[] }>;
}

export interface WorkflowRun {
  file: string;
  event: 'push' | 'pull_request';
  sha: string;
  /** The repository's checkout: steps run here. */
  workspace: string;
  /** Holds caches (a folder per key) and artifacts across runs. */
  store: string;
  /** Prepended to PATH (where `corofetch` is). */
  path: string;
  /** Step ids the test does itself (installing, starting the service). */
  skip: readonly string[];
}

export interface StepResult {
  id: string | undefined;
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step appended to its $GITHUB_STEP_SUMMARY. */
  summary: string;
}

const STEP_TIMEOUT_MS = 120_000;

export async function runWorkflow(run: WorkflowRun): Promise<StepResult[]> {
  const spec = parse(readFileSync(run.file, 'utf8')) as WorkflowSpec;
  const [job] = Object.values(spec.jobs);
  const results: StepResult[] = [];
  const temp = join(run.store, `runner-${run.sha}`);
  mkdirSync(temp, { recursive: true });
  const context = {
    github: {
      sha: run.sha,
      event_name: run.event,
      run_attempt: '1',
      ref: `refs/heads/${run.event === 'push' ? 'main' : 'feature'}`,
    },
    steps: {} as Record<string, { outputs: Record<string, string>; outcome: string }>,
  };
  const expand = (text: string): string =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => String(evaluate(expr, context, results)));
  for (const [index, step] of job!.steps.entries()) {
    const name = step.name ?? step.uses ?? step.run!.split('\n')[0]!;
    const base: StepResult = {
      id: step.id,
      name,
      outcome: 'skipped',
      exitCode: null,
      stdout: '',
      stderr: '',
      outputs: {},
      summary: '',
    };
    const wanted = step.id === undefined || !run.skip.includes(step.id);
    const result = wanted && shouldRun(step.if, context, results) ? await runStep(step, index, base) : base;
    results.push(result);
    if (step.id !== undefined) context.steps[step.id] = { outputs: result.outputs, outcome: result.outcome };
  }
  return results;

  async function runStep(step: StepSpec, index: number, base: StepResult): Promise<StepResult> {
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v))]));
    if (step.uses !== undefined) return { ...base, ...emulate(step.uses, inputs, run) };
    const files = { output: join(temp, `output-${index}`), summary: join(temp, `summary-${index}`) };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const env: Record<string, string> = {
      PATH: `${run.path}:${process.env.PATH}`,
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: run.event,
      GITHUB_SHA: run.sha,
      GITHUB_WORKSPACE: run.workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_ENV: join(temp, `env-${index}`),
      RUNNER_TEMP: temp,
    };
    for (const [k, v] of Object.entries({ ...spec.env, ...step.env })) env[k] = expand(String(v));
    const script = join(temp, `step-${index}.sh`);
    writeFileSync(script, expand(step.run!));
    const { code, stdout, stderr } = await bash(script, run.workspace, env);
    return {
      ...base,
      outcome: code === 0 ? 'success' : 'failure',
      exitCode: code,
      stdout,
      stderr,
      outputs: parseOutputs(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    };
  }
}

function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: STEP_TIMEOUT_MS,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** $GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end === -1) throw new Error(`unterminated output ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not an output line: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

type Context = {
  github: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string }>;
};

function evaluate(expr: string, context: Context, results: readonly StepResult[]): string | boolean {
  const terms = expr.split('&&').map((t) => t.trim());
  if (terms.length > 1) return terms.every((t) => evaluate(t, context, results) === true);
  const failed = results.some((r) => r.outcome === 'failure');
  if (expr === 'always()') return true;
  if (expr === 'success()') return !failed;
  if (expr === 'failure()') return failed;
  const comparison = /^(.+?)\s*(==|!=)\s*'([^']*)'$/.exec(expr);
  if (comparison !== null) {
    const value = String(evaluate(comparison[1]!, context, results));
    return comparison[2] === '==' ? value === comparison[3] : value !== comparison[3];
  }
  const github = /^github\.(\w+)$/.exec(expr);
  if (github !== null) return context.github[github[1]!] ?? '';
  const step = /^steps\.([\w-]+)\.(?:outcome|outputs\.([\w-]+))$/.exec(expr);
  if (step === null) throw new Error(`expression not supported by this runner: ${expr}`);
  const found = context.steps[step[1]!];
  return step[2] === undefined ? (found?.outcome ?? '') : (found?.outputs[step[2]] ?? '');
}

/** `if:` as GitHub reads it: without a status function, `success() &&` is implied. */
function shouldRun(condition: string | undefined, context: Context, results: readonly StepResult[]): boolean {
  const expr = (condition ?? 'success()').replace(/^\$\{\{\s*|\s*\}\}$/g, '');
  const withStatus = /\b(always|success|failure|cancelled)\(\)/.test(expr) ? expr : `success() && ${expr}`;
  return evaluate(withStatus, context, results) === true;
}

/** The actions the workflow uses, on local folders: `store/cache/<key>/` and `store/artifacts/<name>/`. */
function emulate(uses: string, inputs: Record<string, string>, run: WorkflowRun): Partial<StepResult> {
  const action = uses.replace(/@.*$/, '');
  const caches = join(run.store, 'cache');
  switch (action) {
    case 'actions/checkout':
    case 'actions/setup-node':
      return { outcome: 'success' };
    case 'actions/cache/restore': {
      const keys = [
        inputs.key!,
        ...(inputs['restore-keys'] ?? '')
          .split('\n')
          .map((k) => k.trim())
          .filter(Boolean),
      ];
      const saved = existsSync(caches)
        ? readdirSync(caches).sort((a, b) => statSync(join(caches, b)).mtimeMs - statSync(join(caches, a)).mtimeMs)
        : [];
      const exact = saved.find((k) => k === inputs.key);
      const matched =
        exact ??
        keys
          .slice(1)
          .map((prefix) => saved.find((k) => k.startsWith(prefix)))
          .find(Boolean);
      if (matched !== undefined)
        cpSync(join(caches, matched, inputs.path!), join(run.workspace, inputs.path!), { recursive: true });
      return {
        outcome: 'success',
        outputs: {
          'cache-hit': String(exact !== undefined),
          ...(matched !== undefined && { 'cache-matched-key': matched }),
        },
      };
    }
    case 'actions/cache/save': {
      const target = join(caches, inputs.key!);
      // Caches are immutable: a key saved before stays as it was (GitHub warns and goes on).
      if (!existsSync(target))
        cpSync(join(run.workspace, inputs.path!), join(target, inputs.path!), { recursive: true });
      return { outcome: 'success' };
    }
    case 'actions/upload-artifact': {
      const target = join(run.store, 'artifacts', inputs.name!);
      mkdirSync(target, { recursive: true });
      const paths = inputs
        .path!.split('\n')
        .map((p) => p.trim())
        .filter(Boolean);
      const found = paths.filter((p) => existsSync(join(run.workspace, p)));
      if (found.length === 0 && inputs['if-no-files-found'] !== 'ignore') return { outcome: 'failure' };
      for (const p of found) cpSync(join(run.workspace, p), join(target, p), { recursive: true });
      return { outcome: 'success' };
    }
    default:
      throw new Error(`action not emulated by this runner: ${uses}`);
  }
}
