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
      minSpeedup: null,
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
    [{ output: '' }, /--output/],
  ])('rejects %j', (flags, message) => {
    expect(() => parseRunOptions(flags)).toThrow(UsageError);
    expect(() => parseRunOptions(flags)).toThrow(message);
  });

  it('accepts a fractional speedup limit', () => {
    expect(parseRunOptions({ minSpeedup: '1.5' }).minSpeedup).toBe(1.5);
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
