import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DisplayFlags } from '../../src/cli/options.js';
import { decideDisplay, decideStyle, type DisplayFacts } from '../../src/cli/terminal.js';
import { planSchedule } from '../../src/core/session.js';
import { createProgress } from '../../src/reporters/progress.js';
import { failed, result } from '../helpers/results.js';

describe('createProgress', () => {
  it('redraws one line with done, failed, bytes, elapsed and in flight, and leaves the terminal clean', () => {
    let out = '';
    let clock = 1000;
    const progress = createProgress({
      write: (text) => (out += text),
      now: () => clock,
      style: decideStyle({ isTTY: false, env: {}, colorFlag: true }),
      runs: 1,
      warmup: 0,
      width: 120,
      unicode: true,
    });
    const [run] = [...planSchedule({ modes: ['concurrent'], concurrency: 1, runs: 1, warmup: 0 })];
    const target = { href: 'http://a.test/', label: 'http://a.test/' };
    progress.observer.onRunStart?.(run!, 3);
    progress.observer.onRequestStart?.(run!, 0, target);
    progress.observer.onRequestStart?.(run!, 1, target);
    progress.observer.onRequestEnd?.(run!, 0, result({ bytes: 2048 }));
    progress.observer.onRequestEnd?.(run!, 1, failed());
    progress.observer.onRequestStart?.(run!, 2, target);
    clock = 2500;
    progress.draw();
    expect(out.split('\r\u001b[2K').at(-1)).toBe('concurrent: 2/3 done, 1 in flight, 1 failed, 2,048 B, 1.5 s');
    progress.observer.onRunEnd?.(run!, { sequence: 0, wallMs: 1, interrupted: false, results: [] });
    expect(out.endsWith('\r\u001b[2K')).toBe(true);
  });
});

describe('the progress line on a narrow terminal (issue 9)', () => {
  // A run with a large byte count and failures, so bold and red both sit near the cut.
  function drawAt(width: number): string {
    let out = '';
    const progress = createProgress({
      write: (text) => (out += text),
      now: () => 0,
      style: decideStyle({ isTTY: true, env: {}, colorFlag: true }),
      runs: 3,
      warmup: 1,
      width,
      unicode: true,
    });
    const [run] = [...planSchedule({ modes: ['concurrent'], concurrency: 1, runs: 1, warmup: 0 })];
    const target = { href: 'http://a.test/', label: 'http://a.test/' };
    progress.observer.onRunStart?.(run!, 1_000_000);
    for (let i = 0; i < 1_000; i++) progress.observer.onRequestStart?.(run!, i, target);
    for (let i = 0; i < 400; i++)
      progress.observer.onRequestEnd?.(run!, i, i % 2 === 0 ? result({ bytes: 987_654 }) : failed());
    progress.draw();
    return out.split('\r\u001b[2K').at(-1)!;
  }

  it.each([40, 60, 80, 200])('fits %i columns with every style it opens closed', (width) => {
    const line = drawAt(width);
    // From 60 columns the cut falls among the styled pieces; at 40 before them.
    if (width >= 60) expect(line).toContain('\u001b[');
    expect(stripVTControlCharacters(line).length).toBeLessThanOrEqual(width - 1);
    // Every escape is whole: stripping complete SGR sequences leaves no ESC behind.
    expect(line.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
    // chalk closes bold with 22 and red with 39: as many closes as opens.
    const count = (pattern: RegExp): number => (line.match(pattern) ?? []).length;
    expect(count(/\u001b\[1m/g)).toBe(count(/\u001b\[22m/g));
    expect(count(/\u001b\[31m/g)).toBe(count(/\u001b\[39m/g));
  });

  it('shows the whole line when it fits, and marks a cut with an ellipsis', () => {
    expect(stripVTControlCharacters(drawAt(200))).toBe(
      'concurrent run 1: 400/1,000,000 done, 600 in flight, 200 failed, 197,530,800 B, 0.0 s',
    );
    // Whole pieces only (QA of issue 9): never `22…` of `225 failed`, never `600 in fl…`.
    expect(stripVTControlCharacters(drawAt(40))).toBe('concurrent run 1: 400/1,000,000 done, …');
    expect(stripVTControlCharacters(drawAt(60))).toBe('concurrent run 1: 400/1,000,000 done, 600 in flight, …');
    expect(stripVTControlCharacters(drawAt(80))).toBe(
      'concurrent run 1: 400/1,000,000 done, 600 in flight, 200 failed, 197,530,800 B…',
    );
  });
});

describe('decideDisplay', () => {
  const base: DisplayFacts = {
    stdoutTTY: true,
    stderrTTY: true,
    env: {},
    columns: 120,
    flags: { quiet: false, table: 'auto', progress: undefined, timeline: undefined, ascii: false, color: true },
    mode: 'both',
    urlCount: 3,
    textReport: true,
  };

  it.each([
    ['a terminal', {}, { progress: true, eventLog: true, timeline: true, width: 120, unicode: true }],
    ['a pipe', { stdoutTTY: false, stderrTTY: false }, { progress: false, timeline: false }],
    ['CI', { env: { CI: 'true' } }, { progress: false, timeline: true }],
    ['--progress in a pipe', { stderrTTY: false, flags: { progress: true } }, { progress: true }],
    ['--no-progress', { flags: { progress: false } }, { progress: false }],
    ['41 URLs', { urlCount: 41 }, { timeline: false }],
    ['one mode', { mode: 'concurrent' as const }, { timeline: false }],
    ['--timeline for one mode', { mode: 'serial' as const, flags: { timeline: true } }, { timeline: true }],
    ['--json', { textReport: false, flags: { timeline: true } }, { timeline: false, eventLog: false }],
    ['--quiet', { flags: { quiet: true } }, { timeline: false, eventLog: false, progress: true }],
    ['COLUMNS', { env: { COLUMNS: '72' } }, { width: 72, progressWidth: 72 }],
    // QA of issue 9: `--json > file` on a 40-column terminal: the progress line fits stderr's width.
    [
      'stdout redirected',
      { stdoutTTY: false, columns: undefined, stderrColumns: 40 },
      { width: 100, progressWidth: 40 },
    ],
    ['--ascii', { flags: { ascii: true } }, { unicode: false }],
  ])('%s', (_name, facts: Partial<Omit<DisplayFacts, 'flags'>> & { flags?: Partial<DisplayFlags> }, expected) => {
    expect(decideDisplay({ ...base, ...facts, flags: { ...base.flags, ...facts.flags } })).toMatchObject(expected);
  });
});
