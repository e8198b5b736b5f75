import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/corofetch.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface CliOptions {
  input?: string;
  /** A file descriptor to give the child as stdin instead of `input` (e.g. one of /dev/zero). */
  stdinFd?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The child is killed after this long, so a hang fails the test instead of stalling the suite. */
  timeoutMs?: number;
  /** Options for node itself, before the script (e.g. `--import` of a module that loads the process). */
  nodeArgs?: readonly string[];
}

/** Runs the built CLI as users do (`node bin/corofetch.js …`), with stdin closed unless input is given. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

export interface RunningCli {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/** Starts the built CLI and returns at once, for tests that signal it while it runs. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const started = performance.now();
  // Tests talk to loopback servers only: no proxy from the machine's environment, unless a test sets one.
  const noProxy = Object.fromEntries(
    ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'].map((name) => [
      name,
      undefined,
    ]),
  );
  const env: Record<string, string | undefined> = {
    ...process.env,
    FORCE_COLOR: undefined,
    NO_COLOR: undefined,
    ...noProxy,
    // The suite may itself run in GitHub Actions: a test turns corofetch's GitHub integration on when it wants it.
    GITHUB_ACTIONS: undefined,
    GITHUB_STEP_SUMMARY: undefined,
    GITHUB_OUTPUT: undefined,
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd,
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    stdio: [options.stdinFd ?? 'pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.stdinFd === undefined) {
    // A child that exits before reading all of its input closes the pipe: that is not the test's failure.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input ?? '');
  }
  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, durationMs: performance.now() - started }),
    );
  });
  return { child, result };
}

/** Waits until `check` holds, polling every 20 ms; fails after `timeoutMs` instead of hanging. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for a condition that never held`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The fixture server's counts at baseUrl: /page requests received and open now (`reset` starts again). */
export async function fixtureStats(baseUrl: string, reset = false): Promise<{ requests: number; inFlight: number }> {
  return (await (await fetch(`${baseUrl}stats${reset ? '?reset=1' : ''}`)).json()) as {
    requests: number;
    inFlight: number;
  };
}

/** A stack trace line as Node prints it; user-facing errors must never contain one. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/**
 * How much slower than idle this machine is right now: the median wall time of `node -e 0` over three
 * starts, against the ~70 ms it takes on an idle 2-core machine here; at least 1. Tests that bound a wall
 * time for something the CLI does on its own (stopping after a signal) scale the bound by it, so they
 * keep their meaning on an idle machine and hold on a loaded one (npm test beside two CPU burners).
 */
export async function slowdown(): Promise<number> {
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('close', resolve));
    starts.push(performance.now() - started);
  }
  starts.sort((a, b) => a - b);
  return Math.max(1, starts[1]! / 70);
}
