import { describe, expect, it } from 'vitest';
import { decideDisplay, decideStyle } from '../../src/cli/terminal.js';
import { planSchedule } from '../../src/core/bench.js';
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
    });
    const [slot] = planSchedule(['concurrent'], 1, 0);
    const target = { url: new URL('http://a.test/'), label: 'http://a.test/' };
    progress.observer.onRunStart?.(slot!, 3);
    progress.observer.onRequestStart?.(slot!, 0, target);
    progress.observer.onRequestStart?.(slot!, 1, target);
    progress.observer.onRequestEnd?.(slot!, 0, result({ bytes: 2048 }));
    progress.observer.onRequestEnd?.(slot!, 1, failed());
    progress.observer.onRequestStart?.(slot!, 2, target);
    clock = 2500;
    progress.draw();
    expect(out.split('\r\u001b[2K').at(-1)).toBe('concurrent: 2/3 done, 1 failed, 2,048 B, 1.5 s, 1 in flight');
    progress.observer.onRunEnd?.(slot!, { sequence: 0, wallMs: 1, interrupted: false, results: [] });
    expect(out.endsWith('\r\u001b[2K')).toBe(true);
  });
});

describe('decideDisplay', () => {
  const base = {
    stdoutTTY: true,
    stderrTTY: true,
    env: {},
    columns: 120,
    progressFlag: undefined,
    timelineFlag: undefined,
    ascii: false,
    mode: 'both' as const,
    urlCount: 3,
    textReport: true,
  };

  it.each([
    ['a terminal', {}, { progress: true, timeline: true, width: 120, unicode: true }],
    ['a pipe', { stdoutTTY: false, stderrTTY: false }, { progress: false, timeline: false }],
    ['CI', { env: { CI: 'true' } }, { progress: false, timeline: true }],
    ['--progress in a pipe', { stderrTTY: false, progressFlag: true }, { progress: true }],
    ['--no-progress', { progressFlag: false }, { progress: false }],
    ['41 URLs', { urlCount: 41 }, { timeline: false }],
    ['one mode', { mode: 'concurrent' as const }, { timeline: false }],
    ['--timeline for one mode', { mode: 'serial' as const, timelineFlag: true }, { timeline: true }],
    ['--json', { textReport: false, timelineFlag: true }, { timeline: false }],
    ['COLUMNS', { env: { COLUMNS: '72' } }, { width: 72 }],
    ['--ascii', { ascii: true }, { unicode: false }],
  ])('%s', (_name, facts, expected) => {
    expect(decideDisplay({ ...base, ...facts })).toMatchObject(expected);
  });
});
