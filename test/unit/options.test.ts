import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseRunOptions, parseServeOptions } from '../../src/cli/options.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseRunOptions', () => {
  it('fills the documented defaults', () => {
    expect(parseRunOptions({})).toEqual({
      mode: 'both',
      modes: ['serial', 'concurrent'],
      concurrency: DEFAULTS.concurrency,
      timeoutMs: DEFAULTS.timeoutMs,
      json: false,
      quiet: false,
      outputPath: null,
      runs: 1,
      warmup: 0,
      thresholds: [],
      inconclusive: 'fail',
      baselinePath: null,
      markdownPath: null,
      connectTimeoutMs: 10_000,
      maxBytes: null,
      maxRedirects: 5,
      headers: [],
      insecure: false,
      caFiles: [],
      retries: 0,
      table: 'auto',
      progress: undefined,
      timeline: undefined,
      ascii: false,
      htmlPath: null,
      color: true,
    });
  });

  it('returns a frozen value', () => {
    expect(Object.isFrozen(parseRunOptions({}))).toBe(true);
  });

  it('runs one mode when asked', () => {
    expect(parseRunOptions({ mode: 'concurrent' }).modes).toEqual(['concurrent']);
  });

  it.each([
    [{ concurrency: '0' }, /--concurrency must be a whole number >= 1, got '0'/],
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
    [{ runs: '0' }, /--runs must be a whole number >= 1, got '0'/],
    [{ warmup: '-1' }, /--warmup must be a whole number >= 0/],
    [{ threshold: ['speed>=2'] }, /unknown metric 'speed'; known: speedup, efficiency, failed, serial.wall.median/],
    [{ threshold: ['speedup=>2'] }, /--threshold 'speedup=>2' is not '<metric> <op> <number>'/],
    [
      { threshold: ['serial.wall.median < 5'], mode: 'concurrent' },
      /needs serial mode, which --mode concurrent does not run/,
    ],
    [{ threshold: ['serial.regression <= 5'] }, /needs --baseline/],
    [{ maxRegression: '10' }, /--max-regression needs --baseline/],
    [{ maxRegression: 'x', baseline: 'b.json' }, /--max-regression must be a number >= 0/],
    [{ inconclusive: 'maybe' }, /--inconclusive must be one of pass, fail, got 'maybe'/],
    [{ connectTimeout: '0' }, /--connect-timeout must be a whole number from 1/],
    [{ maxBytes: '0' }, /--max-bytes must be a byte count >= 1/],
    [{ maxBytes: '10 parsecs' }, /--max-bytes/],
    [{ maxRedirects: '-1' }, /--max-redirects must be a whole number from 0 to 100/],
    [{ retries: 'x' }, /--retries/],
    [{ header: ['NoColon'] }, /-H\/--header must be 'Name: value'/],
    [{ header: ['Bad Name: v'] }, /valid header name/],
    [{ table: 'some' }, /--table must be one of auto, all/],
  ])('rejects %j', (flags, message) => {
    expect(() => parseRunOptions(flags)).toThrow(UsageError);
    expect(() => parseRunOptions(flags)).toThrow(message);
  });

  it('reads byte counts with binary suffixes and headers without echoing values', () => {
    expect(parseRunOptions({ maxBytes: '10M' }).maxBytes).toBe(10 * 1024 * 1024);
    expect(parseRunOptions({ maxBytes: '1024k' }).maxBytes).toBe(1024 * 1024);
    expect(parseRunOptions({ header: ['Authorization: Bearer x:y', 'X-Empty:'] }).headers).toEqual([
      ['Authorization', 'Bearer x:y'],
      ['X-Empty', ''],
    ]);
    expect(() => parseRunOptions({ header: ['Bad Name: hunter2'] })).not.toThrow(/hunter2/);
  });

  it('turns --min-speedup into a speedup threshold after the --threshold ones', () => {
    const options = parseRunOptions({ threshold: ['failed <= 0'], minSpeedup: '1.5' });
    expect(options.thresholds.map((t) => t.expr)).toEqual(['failed <= 0', 'speedup >= 1.5']);
  });

  it('turns --max-regression into a regression threshold per mode', () => {
    const options = parseRunOptions({ baseline: 'main.json', maxRegression: '10' });
    expect(options.thresholds.map((t) => t.expr)).toEqual(['serial.regression <= 10', 'concurrent.regression <= 10']);
    expect(options.baselinePath).toBe('main.json');
  });
});

describe('parseServeOptions', () => {
  it('defaults to the loopback address and the documented port', () => {
    expect(parseServeOptions({})).toEqual({ host: '127.0.0.1', port: DEFAULTS.port });
  });

  it('accepts port 0 (any free port) and rejects ports out of range', () => {
    expect(parseServeOptions({ port: '0' }).port).toBe(0);
    expect(() => parseServeOptions({ port: '70000' })).toThrow(/--port must be a whole number from 0 to 65535/);
  });
});
