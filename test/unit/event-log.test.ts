import { describe, expect, it } from 'vitest';
import { decideStyle } from '../../src/cli/terminal.js';
import { planSchedule } from '../../src/core/session.js';
import { createEventLog } from '../../src/reporters/event-log.js';
import { failed, result, runRecord } from '../helpers/results.js';

const style = decideStyle({ isTTY: false, env: {}, colorFlag: true });
const target = { href: 'http://a.test/', label: 'http://a.test/' };

describe('createEventLog', () => {
  it('prints the gevent lesson’s lines', () => {
    const lines: string[] = [];
    const log = createEventLog(style, { concurrency: 16, runs: 1, warmup: 0 }, (line) => lines.push(line), {
      width: undefined,
      unicode: true,
    });
    const [run] = [...planSchedule({ modes: ['concurrent'], concurrency: 1, runs: 1, warmup: 0 })];
    log.onRunStart?.(run!, 3);
    log.onRequestStart?.(run!, 0, target);
    log.onRequestEnd?.(run!, 0, result({ url: 'http://a.test/', bytes: 50_000 }));
    log.onRequestEnd?.(
      run!,
      1,
      result({ url: 'http://a.test/', bytes: 7, status: 404, error: { code: 'HTTP_STATUS', message: 'HTTP 404' } }),
    );
    log.onRequestEnd?.(run!, 2, failed({ url: 'http://a.test/' }));
    log.onRunEnd?.(run!, runRecord(812, []));
    expect(lines).toEqual([
      'concurrent: 3 requests, up to 3 at a time',
      'GET: http://a.test/',
      '50000 bytes received from http://a.test/.',
      '7 bytes received from http://a.test/ (HTTP 404).',
      'failed: http://a.test/: ECONNREFUSED: connect ECONNREFUSED',
      'concurrent took 812 ms\n',
    ]);
  });

  it('names runs and warm-ups when there are several', () => {
    const lines: string[] = [];
    const plan = { concurrency: 2, runs: 2, warmup: 1 };
    const log = createEventLog(style, plan, (line) => lines.push(line), { width: undefined, unicode: true });
    for (const run of planSchedule({
      modes: ['serial', 'concurrent'],
      concurrency: 1,
      runs: plan.runs,
      warmup: plan.warmup,
    })) {
      log.onRunStart?.(run, 1);
      log.onRunEnd?.(run, runRecord(5, []));
    }
    expect(lines.filter((_, i) => i % 2 === 0)).toEqual([
      'serial warm-up 1 of 1: 1 request, one at a time',
      'concurrent warm-up 1 of 1: 1 request, up to 1 at a time',
      'serial run 1 of 2: 1 request, one at a time',
      'concurrent run 1 of 2: 1 request, up to 1 at a time',
      'serial run 2 of 2: 1 request, one at a time',
      'concurrent run 2 of 2: 1 request, up to 1 at a time',
    ]);
    expect(lines[1]).toBe('serial warm-up 1 of 1 took 5.00 ms (warm-up, not counted)\n');
  });
});

describe('planSchedule', () => {
  it('alternates the modes run by run, warm-ups first', () => {
    expect(
      [...planSchedule({ modes: ['serial', 'concurrent'], concurrency: 1, runs: 2, warmup: 1 })].map(
        (s) => `${s.sequence}:${s.mode}:${s.warmup ? 'w' : 'm'}${s.ordinal}`,
      ),
    ).toEqual(['0:serial:w1', '1:concurrent:w1', '2:serial:m1', '3:concurrent:m1', '4:serial:m2', '5:concurrent:m2']);
  });

  it('makes runs as they are asked for, so a huge count costs nothing up front (issue 17)', () => {
    const schedule = planSchedule({ modes: ['serial', 'concurrent'], concurrency: 1, runs: 1e15, warmup: 1e15 });
    expect(schedule.next().value).toMatchObject({ mode: 'serial', sequence: 0, warmup: true });
  });

  it('runs one mode alone when asked', () => {
    expect([...planSchedule({ modes: ['concurrent'], concurrency: 1, runs: 3, warmup: 0 })].map((s) => s.mode)).toEqual(
      ['concurrent', 'concurrent', 'concurrent'],
    );
  });
});
