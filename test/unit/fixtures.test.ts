import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUrlList } from '../../src/core/url-list.js';

const read = (name: string) => parseUrlList(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));

describe('fixtures', () => {
  it('gevent-sites.txt lists the lesson’s three sites', () => {
    expect([...read('gevent-sites.txt').targets].map((t) => new URL(t.href).hostname)).toEqual([
      'www.python.org',
      'www.yahoo.com',
      'github.com',
    ]);
  });

  it('local-serve.txt matches the default port of corofetch serve', () => {
    const list = read('local-serve.txt');
    expect(list.problems).toEqual([]);
    expect([...list.targets].every((t) => new URL(t.href).port === '8750')).toBe(true);
  });

  it('invalid-lines.txt has exactly the invalid lines its comment names', () => {
    expect(read('invalid-lines.txt').problems.map((p) => p.line)).toEqual([3, 5, 6]);
  });

  it('comments-only.txt has no URL', () => {
    const list = read('comments-only.txt');
    expect(list.targets).toHaveLength(0);
    expect({ ...list, targets: [] }).toEqual({ targets: [], problems: [], invalid: 0, duplicates: [] });
  });

  it('windows-crlf-bom.txt parses cleanly', () => {
    const list = read('windows-crlf-bom.txt');
    expect(list.problems).toEqual([]);
    expect([...list.targets].map((t) => t.label)).toEqual(['https://example.com/a', 'https://example.com/b']);
  });
});
