import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelsOf, TargetList } from '../../src/core/target-list.js';
import { parseUrlLine } from '../../src/core/url-list.js';

describe('TargetList (issue 18)', () => {
  it('gives back every target it was given, secrets or not, and its labels as the report lists them', () => {
    const line = fc.oneof(
      fc.webUrl({ withQueryParameters: true }),
      fc.webUrl().map((url) => url.replace('://', '://alice:s3cret@')),
      fc.webUrl().map((url) => `${url}?token=abc&page=2`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const targets = lines.flatMap((text) => {
          const parsed = parseUrlLine(text);
          return parsed.kind === 'url' ? [parsed.target] : [];
        });
        const list = new TargetList();
        for (const target of targets) list.push(target);
        expect(list).toHaveLength(targets.length);
        expect([...list]).toEqual(targets);
        expect(targets.map((_, i) => list.at(i))).toEqual(targets);
        expect(list.at(targets.length)).toBeUndefined();
        expect(labelsOf(list)).toEqual(targets.map((t) => t.label));
        expect(labelsOf(targets)).toEqual(targets.map((t) => t.label));
      }),
      { numRuns: 200, seed: 18 },
    );
  });

  it('keeps a masked URL fetchable: the href keeps the secret, the label does not', () => {
    const parsed = parseUrlLine('https://api.test/v1?api_key=hunter2&page=1');
    if (parsed.kind !== 'url') throw new Error('expected a URL');
    const list = new TargetList();
    list.push(parsed.target);
    expect(list.at(0)!.href).toContain('hunter2');
    expect(list.labels[0]).not.toContain('hunter2');
  });
});
