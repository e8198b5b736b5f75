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

/** corofetch itself, one mode, report read back from --output; `live` keeps the human report's live lines on. */
export function corofetch(mode: 'serial' | 'concurrent', live = false): Tool {
  return async (listFile, concurrency, workDir) => {
    const out = `${workDir}/corofetch-report.json`;
    const args = [BIN, listFile, '--mode', mode, '-c', String(concurrency), '-o', out, '--no-color', '--table', 'auto'];
    const run = await runProcess(process.execPath, live ? args : [...args, '-q']);
    if (run.code !== 0) throw new Error(`corofetch exited ${run.code}: ${run.stderr.trim()}`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      modes: Record<string, { wallMs: { median: number }; totalBytes: number; ok: number; failed: number }>;
    };
    const summary = report.modes[mode]!;
    return {
      tool: `corofetch ${mode}${live ? ' (live lines)' : ''}`,
      wallMs: summary.wallMs.median,
      processMs: run.processMs,
      peakRssMb: run.peakRssMb,
      bytes: summary.totalBytes,
      ok: summary.ok,
      failed: summary.failed,
    };
  };
}

/** A peer script of ours (Node fetch, bare undici) printing { wallMs, bytes, ok, failed }. */
export function nodePeer(name: string, script: string): Tool {
  return async (listFile, concurrency) => {
    const run = await runProcess(process.execPath, [`${PEERS}${script}`, listFile, String(concurrency)]);
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

export const fetchPeer = nodePeer('Node fetch + p-limit', 'peer-fetch.js');
export const barePeer = nodePeer('bare undici + p-limit', 'peer-bare.js');
