import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One child process run, timed from outside, with its peak memory. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, start-up included. */
  processMs: number;
  /** Peak resident set (VmHWM), sampled every 10 ms while the process lives; null if never sampled. */
  peakRssMb: number | null;
}

/** Runs a command to its end (killed after timeoutMs) and samples its peak RSS from /proc. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  const started = performance.now();
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 300_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  let peakKb: number | null = null;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  const sample = (): void => {
    const kb = readStatusKb(child.pid, 'VmHWM');
    if (kb !== null) peakKb = Math.max(peakKb ?? 0, kb);
  };
  const poller = setInterval(sample, 10);
  sample();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => sample());
    child.once('close', (code) => {
      clearInterval(poller);
      resolve({
        code,
        stdout,
        stderr,
        processMs: performance.now() - started,
        peakRssMb: peakKb === null ? null : peakKb / 1024,
      });
    });
  });
}

/** A field of /proc/PID/status in kB; null once the process is gone. */
function readStatusKb(pid: number | undefined, field: string): number | null {
  if (pid === undefined) return null;
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
