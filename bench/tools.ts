import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runProcess } from './measure.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}bin/corofetch.js`;
const PEERS = fileURLToPath(new URL('.', import.meta.url));

/** What one tool did on one list, measured the same way for every tool. */
export interface ToolRun {
  tool: string;
  /** The fetch itself as the tool times it (corofetch's run wall time, a peer's own clock); curl: process time. */
  wallMs: number;
  /** Spawn to exit, start-up included. */
  processMs: number;
  peakRssMb: number | null;
  bytes: number;
  ok: number;
  failed: number;
}

export type Tool = (listFile: string, concurrency: number, workDir: string) => Promise<ToolRun>;

/**
 * corofetch itself, report read back from --output; `live` keeps the human report's live lines on;
 * `rounds` runs it as `--runs N --warmup 1` (its wall time is then the median of the measured rounds).
 * `both` is the main command as users run it: its wall time is the two modes' together.
 */
export function corofetch(mode: 'serial' | 'concurrent' | 'both', live = false, rounds = 1): Tool {
  return async (listFile, concurrency, workDir) => {
    const out = `${workDir}/corofetch-report.json`;
    const args = [BIN, listFile, '--mode', mode, '-c', String(concurrency), '-o', out, '--no-color', '--table', 'auto'];
    if (rounds > 1) args.push('--runs', String(rounds), '--warmup', '1');
    const run = await runProcess(process.execPath, live ? args : [...args, '-q']);
    if (run.code !== 0) throw new Error(`corofetch exited ${run.code}: ${run.stderr.trim()}`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      modes: Record<string, { wallMs: { median: number }; bytesPerRound: number; okUrls: number; failedUrls: number }>;
    };
    const summary = report.modes[mode === 'both' ? 'concurrent' : mode]!;
    return {
      tool: `corofetch ${mode === 'both' ? '--mode both' : mode}${live ? ' (live lines)' : ''}${rounds > 1 ? ` --runs ${rounds} --warmup 1` : ''}`,
      wallMs: summary.wallMs.median + (mode === 'both' ? report.modes.serial!.wallMs.median : 0),
      processMs: run.processMs,
      peakRssMb: run.peakRssMb,
      bytes: summary.bytesPerRound,
      ok: summary.okUrls,
      failed: summary.failedUrls,
    };
  };
}

/** A peer script of ours (Node fetch, bare undici, Python's) printing { wallMs, bytes, ok, failed }. */
export function scriptPeer(name: string, script: string, interpreter = process.execPath): Tool {
  return async (listFile, concurrency) => {
    const run = await runProcess(interpreter, [script, listFile, String(concurrency)]);
    if (run.code !== 0) throw new Error(`${name} exited ${run.code}: ${run.stderr.trim()}`);
    const result = JSON.parse(run.stdout) as Omit<ToolRun, 'tool' | 'processMs' | 'peakRssMb'>;
    return { tool: name, ...result, processMs: run.processMs, peakRssMb: run.peakRssMb };
  };
}

/**
 * curl over the same list: `-Z --parallel-immediate --parallel-max C` for concurrency, or one process
 * fetching the URLs in turn, which reuses its one connection. Its time is the process's: curl starts in
 * a few milliseconds, so that is close to its fetch time.
 */
export function curl(parallel: boolean): Tool {
  return async (listFile, concurrency, workDir) => {
    const config = `${workDir}/curl.cfg`;
    const urls = readFileSync(listFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('http'));
    writeFileSync(config, urls.map((url) => `url = "${url}"\noutput = "/dev/null"\n`).join(''));
    const flags = parallel ? ['-Z', '--parallel-immediate', '--parallel-max', String(concurrency)] : [];
    const run = await runProcess('curl', ['-s', ...flags, '-K', config, '-w', '%{http_code} %{size_download}\\n']);
    const lines = run.stdout
      .trim()
      .split('\n')
      .filter((line) => line !== '');
    const ok = lines.filter((line) => line.startsWith('200 ')).length;
    const bytes = lines.reduce((sum, line) => sum + Number(line.split(' ')[1] ?? 0), 0);
    return {
      tool: parallel ? `curl -Z --parallel-max ${concurrency}` : 'curl serial (one connection)',
      wallMs: run.processMs,
      processMs: run.processMs,
      peakRssMb: run.peakRssMb,
      bytes,
      ok,
      failed: urls.length - ok,
    };
  };
}

export const fetchPeer = scriptPeer('Node fetch + p-limit', `${PEERS}peer-fetch.js`);
export const barePeer = scriptPeer('bare undici request() + p-limit', `${PEERS}peer-bare.js`);
export const dispatchPeer = scriptPeer('bare undici dispatch', `${PEERS}peer-dispatch.js`);

/** Debian's Python, where python3-aiohttp and python3-gevent install (bench/setup installs them). */
const PYTHON = '/usr/bin/python3';
const pythonHas = (module: string): boolean =>
  spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
// The .py peers are not compiled: they are run from the source folder.
const PY_PEERS = fileURLToPath(new URL('../../bench/', import.meta.url));
const pythonPeer = (name: string, script: string): Tool => scriptPeer(name, `${PY_PEERS}${script}`, PYTHON);
/** Python's asyncio coroutines (aiohttp) and the lesson's own gevent; absent when not installed. */
export const pythonPeers = (): Tool[] => [
  ...(pythonHas('aiohttp') ? [pythonPeer('Python aiohttp (asyncio)', 'peer-aiohttp.py')] : []),
  ...(pythonHas('gevent') ? [pythonPeer('Python gevent + urlopen', 'peer-gevent.py')] : []),
];
