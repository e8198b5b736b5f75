import { spawn } from 'node:child_process';
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
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The child is killed after this long, so a hang fails the test instead of stalling the suite. */
  timeoutMs?: number;
}

/** Runs the built CLI as users do (`node bin/corofetch.js …`), with stdin closed unless input is given. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const started = performance.now();
  // Tests talk to loopback servers only: no proxy from the machine's environment, unless a test sets one.
  const noProxy = Object.fromEntries(
    ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].map((name) => [name, undefined]),
  );
  const env: Record<string, string | undefined> = {
    ...process.env,
    FORCE_COLOR: undefined,
    NO_COLOR: undefined,
    ...noProxy,
    ...options.env,
  };
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, durationMs: performance.now() - started }),
    );
  });
}

/** A stack trace line as Node prints it; user-facing errors must never contain one. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
