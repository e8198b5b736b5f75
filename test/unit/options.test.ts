import { describe, expect, it } from 'vitest';
import { parseRunOptions, parseServeOptions, type RawRunFlags } from '../../src/cli/options.js';
import { UsageError } from '../../src/core/errors.js';

const parse = (flags: RawRunFlags) => parseRunOptions(flags, '1.2.3');

describe('parseRunOptions', () => {
  it('fills the documented defaults (README options table), grouped by who reads them', () => {
    expect(parse({})).toEqual({
      mode: 'both',
      schedule: { modes: ['serial', 'concurrent'], concurrency: 16, runs: 1, warmup: 0 },
      roundsFrom: 'defaults',
      request: {
        compressed: false,
        timeoutMs: 30_000,
        userAgent: 'corofetch/1.2.3',
        headers: [],
        maxBytes: null,
        maxRedirects: 5,
        retries: 0,
      },
      connection: {
        connectTimeoutMs: 10_000,
        insecure: false,
        caFiles: [],
        connections: 'reuse',
        protocol: 'auto',
        routes: [],
      },
      gates: { thresholds: [], inconclusive: 'warn', baselinePath: null },
      json: false,
      detail: 'auto',
      github: 'auto',
      exports: [],
      display: { quiet: false, table: 'auto', progress: undefined, timeline: undefined, ascii: false, color: true },
    });
  });

  it('returns a value frozen all the way down', () => {
    const options = parse({ header: ['X-A: 1'] });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.request)).toBe(true);
    expect(Object.isFrozen(options.request.headers[0])).toBe(true);
  });

  it('runs 5 rounds after a warm-up when a gate is given without --runs, and says so (issue 14)', () => {
    expect(parse({ minSpeedup: '2' })).toMatchObject({
      schedule: { runs: 5, warmup: 1 },
      roundsFrom: 'gate-defaults',
    });
    expect(parse({ threshold: ['failed<=0'], runs: '1' })).toMatchObject({
      schedule: { runs: 1, warmup: 0 },
      roundsFrom: 'flags',
    });
    expect(parse({ threshold: ['failed<=0'], warmup: '0' })).toMatchObject({ schedule: { runs: 5, warmup: 0 } });
    expect(parse({ runs: '3' }).roundsFrom).toBe('flags');
  });

  it('runs one mode when asked', () => {
    expect(parse({ mode: 'concurrent' }).schedule.modes).toEqual(['concurrent']);
  });

  it('lists the files to write in the order of their flags', () => {
    expect(parse({ html: 'r.html', output: 'r.json', markdown: 'r.md' }).exports).toEqual([
      { format: 'json', path: 'r.json', flag: '--output' },
      { format: 'markdown', path: 'r.md', flag: '--markdown' },
      { format: 'html', path: 'r.html', flag: '--html' },
    ]);
  });

  it.each([
    [{ concurrency: '0' }, /--concurrency must be a whole number from 1 to 10000, got '0'/],
    [{ concurrency: '10001' }, /--concurrency must be a whole number from 1 to 10000/],
    [{ concurrency: '-3' }, /--concurrency/],
    [{ concurrency: '2.5' }, /--concurrency/],
    [{ concurrency: 'lots' }, /--concurrency .*'lots'/],
    [{ timeout: '0' }, /--timeout/],
    [{ timeout: '1e3' }, /--timeout/],
    [{ timeout: String(2 ** 31) }, /--timeout must be a whole number from 1 to 2147483647/],
    [{ mode: 'parallel' }, /--mode must be one of serial, concurrent, both, got 'parallel'/],
    [{ minSpeedup: '0' }, /--min-speedup must be a number above 0/],
    [{ minSpeedup: 'fast' }, /--min-speedup/],
    [{ minSpeedup: '2', mode: 'serial' }, /--min-speedup .* needs --mode both/],
    [{ output: '' }, /--output needs a file name/],
    [{ runs: '0' }, /--runs must be a whole number from 1 to 1000, got '0'/],
    [{ runs: '9007199254740991' }, /--runs must be a whole number from 1 to 1000/],
    [{ warmup: '100000000' }, /--warmup must be a whole number from 0 to 100/],
    [{ warmup: '-1' }, /--warmup must be a whole number from 0 to 100/],
    [
      { threshold: ['speed>=2'] },
      /unknown metric 'speed'; known: speedup, efficiency, failed, \{serial,concurrent\}\.\{wall/,
    ],
    [{ threshold: ['speedup=>2'] }, /--threshold 'speedup=>2' is not '<metric> <op> <number>'/],
    [
      { threshold: ['serial.wall.median < 5'], mode: 'concurrent' },
      /needs serial mode, which --mode concurrent does not run/,
    ],
    [{ threshold: ['serial.regression <= 5'] }, /needs --baseline/],
    [{ maxRegression: '10' }, /--max-regression needs --baseline/],
    [{ maxRegression: 'x', baseline: 'b.json' }, /--max-regression must be a number >= 0/],
    [{ inconclusive: 'maybe' }, /--inconclusive must be one of pass, warn, fail, got 'maybe'/],
    [{ connectTimeout: '0' }, /--connect-timeout must be a whole number from 1/],
    [{ maxBytes: '0' }, /--max-bytes must be a byte count >= 1/],
    [{ maxBytes: '10 parsecs' }, /--max-bytes/],
    [{ maxRedirects: '-1' }, /--max-redirects must be a whole number from 0 to 100/],
    [{ retries: 'x' }, /--retries/],
    [{ header: ['NoColon'] }, /-H\/--header must be 'Name: value'/],
    [{ header: ['Bad Name: v'] }, /valid header name/],
    [{ table: 'some' }, /--table must be one of auto, all/],
  ])('rejects %j', (flags, message) => {
    expect(() => parse(flags)).toThrow(UsageError);
    expect(() => parse(flags)).toThrow(message);
  });

  it('quotes a long value cut short, so the error stays one short line (found by the fuzz suite)', () => {
    expect(() => parse({ mode: '9'.repeat(400) })).toThrow(
      /^--mode must be one of serial, concurrent, both, got '9{40}…'$/,
    );
    expect(() => parse({ concurrency: '\u001b[2J' })).toThrow(/got '\\u001b\[2J'/);
  });

  it('reads byte counts with binary suffixes and headers without echoing values', () => {
    expect(parse({ maxBytes: '10M' }).request.maxBytes).toBe(10 * 1024 * 1024);
    expect(parse({ maxBytes: '1024k' }).request.maxBytes).toBe(1024 * 1024);
    expect(parse({ header: ['Authorization: Bearer x:y', 'X-Empty:'] }).request.headers).toEqual([
      ['Authorization', 'Bearer x:y'],
      ['X-Empty', ''],
    ]);
    expect(() => parse({ header: ['Bad Name: hunter2'] })).not.toThrow(/hunter2/);
  });

  it('turns --min-speedup into a speedup threshold after the --threshold ones', () => {
    const options = parse({ threshold: ['failed <= 0'], minSpeedup: '1.5' });
    expect(options.gates.thresholds.map((t) => t.expr)).toEqual(['failed <= 0', 'speedup >= 1.5']);
  });

  it('turns --max-regression into a regression threshold per mode', () => {
    const options = parse({ baseline: 'main.json', maxRegression: '10' });
    expect(options.gates.thresholds.map((t) => t.expr)).toEqual([
      'serial.regression <= 10',
      'concurrent.regression <= 10',
    ]);
    expect(options.gates.baselinePath).toBe('main.json');
  });
});

describe('parseServeOptions', () => {
  it('defaults to the loopback address and the documented port', () => {
    expect(parseServeOptions({})).toEqual({
      host: '127.0.0.1',
      port: 8750,
      tls: false,
      http2: false,
      maxInFlight: null,
    });
  });

  it('takes --max-in-flight from 1 to the largest concurrency (issue 16)', () => {
    expect(parseServeOptions({ maxInFlight: '6' }).maxInFlight).toBe(6);
    for (const bad of ['0', '-1', '2.5', 'six', '10001']) {
      expect(() => parseServeOptions({ maxInFlight: bad })).toThrow(/--max-in-flight/);
    }
  });

  it('accepts port 0 (any free port) and rejects ports out of range', () => {
    expect(parseServeOptions({ port: '0' }).port).toBe(0);
    expect(() => parseServeOptions({ port: '70000' })).toThrow(/--port must be a whole number from 0 to 65535/);
  });
});
