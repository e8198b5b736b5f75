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
    [{ threshold: ['serial.wall.median < 5'], mode: 'concurrent' }, /needs serial mode, which --mode concurrent does not run/],
    [{ threshold: ['serial.regression <= 5'] }, /needs --baseline/],
    [{ maxRegression: '10' }, /--max-regression needs --baseline/],
    [{ maxRegression: 'x', baseline: 'b.json' }, /--max-regression must be a number >= 0/],
    [{ inconclusive: 'maybe' }, /--inconclusive must be one of pass, fail, got 'maybe'/],
  ])('rejects %j', (flags, message) => {
    expect(() => parseRunOptions(flags)).toThrow(UsageError);
    expect(() => parseRunOptions(flags)).toThrow(message);
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
