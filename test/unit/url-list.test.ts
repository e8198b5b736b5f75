import { describe, expect, it } from 'vitest';
import { isUrlArgument, parseUrlList } from '../../src/core/url-list.js';

describe('parseUrlList', () => {
  it('keeps URLs in order, skipping blanks, comments and surrounding whitespace', () => {
    const list = parseUrlList('# sites\n\nhttps://a.test/\n   http://b.test/x?y=1  \n\t\n# end\n');
    expect(list.problems).toEqual([]);
    expect([...list.targets].map((t) => t.label)).toEqual(['https://a.test/', 'http://b.test/x?y=1']);
  });

  it('accepts CRLF line ends and a UTF-8 byte order mark', () => {
    const list = parseUrlList('\uFEFFhttps://a.test/\r\nhttps://b.test/\r\n');
    expect(list.problems).toEqual([]);
    expect([...list.targets].map((t) => t.href)).toEqual(['https://a.test/', 'https://b.test/']);
  });

  it('keeps duplicates, each line a request, and names the repeating lines', () => {
    const list = parseUrlList('https://a.test/\nhttps://b.test/\n\nhttps://a.test/\nhttps://A.TEST/\n');
    expect(list.targets).toHaveLength(4);
    expect(list.duplicates).toEqual([4, 5]);
  });

  it('masks secrets in the lines it quotes', () => {
    const [problem] = parseUrlList('htps//x.test/?token=s3cret&page=1\n').problems;
    expect(problem!.reason).toContain('token=***');
    expect(problem!.reason).not.toContain('s3cret');
  });

  it('quotes a very long line in one short message', () => {
    const [problem] = parseUrlList(`${'x'.repeat(200_000)}\n`).problems;
    expect(problem!.reason.length).toBeLessThan(140);
  });

  it('names every bad line by its number, counting blank and comment lines', () => {
    const list = parseUrlList('# header\nftp://files.test/x\n\nnot a url\nhttps://ok.test/\nexample.com\nhttp://\n');
    expect([...list.targets].map((t) => t.label)).toEqual(['https://ok.test/']);
    expect(list.problems.map((p) => p.line)).toEqual([2, 4, 6, 7]);
    expect(list.problems[0]!.reason).toMatch(/unsupported scheme 'ftp'.*only http and https/);
    expect(list.problems[1]!.reason).toMatch(/whitespace/);
    expect(list.problems[2]!.reason).toMatch(
      /not a valid URL: "example.com" \(did you mean "https:\/\/example.com"\?\)/,
    );
    expect(list.problems[3]!.reason).toMatch(/not a valid URL/);
  });

  it('escapes control characters and shortens long lines in its messages', () => {
    const [problem] = parseUrlList(`\u001b[31mevil${'x'.repeat(200)}\n`).problems;
    expect(problem!.reason).not.toContain('\u001b');
    expect(problem!.reason).toContain('\\u001b');
    expect(problem!.reason.length).toBeLessThan(140);
  });

  it('redacts credentials in the label but keeps them in the URL it fetches', () => {
    const [target] = parseUrlList('https://alice:s3cret@a.test/private\n').targets;
    expect(target!.label).toBe('https://***@a.test/private');
    expect(new URL(target!.href).password).toBe('s3cret');
  });

  it('returns nothing for a list of only comments', () => {
    const list = parseUrlList('# nothing\n\n');
    expect(list.targets).toHaveLength(0);
    expect({ ...list, targets: [] }).toEqual({ targets: [], problems: [], invalid: 0, duplicates: [] });
  });
});

describe('isUrlArgument', () => {
  it.each([
    ['https://a.test/', true],
    ['HTTP://a.test/x?y', true],
    ['urls.txt', false],
    ['-', false],
    ['ftp://a.test/', true],
    ['http://', true],
    ['./http://x', false],
  ])('%s → %s', (arg, url) => {
    expect(isUrlArgument(arg)).toBe(url);
  });
});
