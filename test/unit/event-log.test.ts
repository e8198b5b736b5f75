import { describe, expect, it } from 'vitest';
import { decideStyle } from '../../src/cli/terminal.js';
import { createEventLog } from '../../src/reporters/event-log.js';
import { failed, result } from '../helpers/results.js';

describe('createEventLog', () => {
  const lines: string[] = [];
  const log = createEventLog(decideStyle({ isTTY: false, env: {}, colorFlag: true }), 16, (line) => lines.push(line));
  const target = { url: new URL('http://a.test/'), label: 'http://a.test/' };

  it('prints the gevent lesson’s lines', () => {
    log.onModeStart?.('concurrent', 3);
    log.onRequestStart?.('concurrent', 0, target);
    log.onRequestEnd?.('concurrent', 0, result({ url: 'http://a.test/', bytes: 50_000 }));
    log.onRequestEnd?.('concurrent', 1, result({ url: 'http://a.test/', bytes: 7, status: 404, error: { code: 'HTTP_STATUS', message: 'HTTP 404' } }));
    log.onRequestEnd?.('concurrent', 2, failed({ url: 'http://a.test/' }));
    expect(lines).toEqual([
      'concurrent: 3 requests, up to 3 at a time',
      'GET: http://a.test/',
      '50000 bytes received from http://a.test/.',
      '7 bytes received from http://a.test/ (HTTP 404).',
      'failed: http://a.test/: ECONNREFUSED: connect ECONNREFUSED',
    ]);
  });
});
