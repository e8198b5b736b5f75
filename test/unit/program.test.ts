import { describe, expect, it } from 'vitest';
import { METRICS_HELP } from '../../src/core/thresholds.js';
import { METRIC_NAMES } from '../../src/core/thresholds.js';

/** Expands shell-style braces: a.{b,c} → a.b, a.c. */
function expand(pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (match === null) return [pattern];
  return match[1]!.split(',').flatMap((choice) => expand(pattern.replace(match[0], choice)));
}

describe('--help', () => {
  it('names exactly the threshold metrics there are', () => {
    const named = METRICS_HELP.split(/,\s(?![^{]*\})/).flatMap(expand);
    // Nested braces expand innermost first, so a name can come out more than once.
    expect([...new Set(named)].sort()).toEqual([...METRIC_NAMES].sort());
  });
});
