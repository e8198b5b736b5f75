/**
 * Issue 17: each reproduction of the hostile-input fuzz run, run as written against the built CLI. The
 * contract: a one-line error with exit 2, a reported failure with its own code, or a correct result;
 * nothing hangs past its deadline plus a second; no exit 70 and no stack trace from any input.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, fixtureStats, runCli, slowdown, STACK_LINE, startCli, waitUntil } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import * as servers from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
// Wall-time bounds on the CLI's own work scale with how busy the machine is (see slowdown()).
let busy = 1;
beforeAll(async () => {
  busy = await slowdown();
});
const { temp, list } = workspace;
const page = (query = '') => `${workspace.baseUrl}page?${query}`;

/** A usage or input error: exit 2, one line on stderr, no stack trace, nothing on stdout. */
function expectOneLineError(result: CliResult, message: RegExp): void {
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.code).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(/^corofetch: /);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
}

async function serve<T extends servers.TestServer>(started: Promise<T>, use: (server: T) => Promise<void>) {
  const server = await started;
  try {
    await use(server);
  } finally {
    await server.close();
  }
}

describe('1. URL userinfo that is not valid percent-encoding', () => {
  it.each(['a%zz:b', 'u:%', '%C0%80'])('%s@ is the list line’s error, exit 2', async (userinfo) => {
    const url = page().replace('http://', `http://${userinfo}@`);
    const file = list('userinfo.txt', ['# first', url]);
    const result = await runCli([file]);
    expectOneLineError(result, /userinfo\.txt:2: the user:password part of .* is not valid percent-encoding/);
    expect(result.stderr).not.toContain(userinfo);
  });
});

describe('2. command-line URLs get the per-item errors of a list', () => {
  it.each([
    ['a space', ['http://127.0.0.1:1/a b']],
    ['a tab', ['http://127.0.0.1:1/a\tb']],
    ['an embedded newline', ['http://127.0.0.1:1/a\nhttp://127.0.0.1:1/b']],
  ])('%s: exit 2, never silently dropped beside a good URL', async (_name, [bad]) => {
    const alone = await runCli([bad!]);
    expectOneLineError(alone, /^argument 1: contains whitespace/m);
    const beside = await runCli([page(), bad!]);
    expectOneLineError(beside, /^argument 2: contains whitespace/m);
  });
});

describe('3. a threshold named after Object.prototype', () => {
  it.each(['constructor>=1', 'toString<2', '__proto__==1', 'hasOwnProperty>0'])(
    '%s is refused, exit 2',
    async (expr) => {
      expectOneLineError(await runCli([page(), '--threshold', expr]), /unknown metric|is not '<metric> <op> <number>'/);
    },
  );
});

// A report as loose JSON, for tests that break it on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spoilable = any;

describe('4. a baseline with values of the wrong type', () => {
  const valid = async (): Promise<Record<string, unknown>> => {
    const file = list('base-list.txt', [page('delay=1&b=1')]);
    const { stdout } = await runCli([file, '--json', '--mode', 'serial']);
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it.each([
    ['modes.serial null', (r: Spoilable) => (r.modes.serial = null)],
    ['runs [null]', (r: Spoilable) => (r.modes.serial.runs = [null])],
    ['startedAt 7', (r: Spoilable) => (r.startedAt = 7)],
    ['durationMs "x"', (r: Spoilable) => (r.modes.serial.runs[0].results[0].durationMs = 'x')],
    ['tool.version {}', (r: Spoilable) => (r.tool.version = {})],
  ])('%s: exit 2 before the first request', async (_name, spoil) => {
    const report = await valid();
    spoil(report);
    const baseline = temp.write('spoiled.json', JSON.stringify(report));
    const slow = list('base-slow.txt', [page('delay=1&b=1').replace('delay=1', 'delay=1')]);
    const result = await runCli([slow, '--mode', 'serial', '--baseline', baseline]);
    expectOneLineError(result, /baseline '.*spoiled\.json' is not a corofetch report this version reads: \//);
  });
});

describe('5. output paths that cannot be written', () => {
  const slowList = () => list('five.txt', [page('delay=3000&five=1')]);

  it.each([
    ['a parent that is a file', () => join(temp.write('plain-file', 'x'), 'r.json'), /a part of the path is a file/],
    ['a 5,000-character name', () => join(temp.path, 'n'.repeat(5_000)), /longer than 255 bytes/],
    ['a folder', () => temp.path, /it is a folder/],
    ['/proc/version', () => '/proc/version', /cannot create a file in its folder/],
    ['/dev/fd/63', () => '/dev/fd/63', /no file descriptor 63 is open/],
  ])('%s: exit 2 before any request', async (_name, path, message) => {
    for (const flag of ['-o', '--markdown', '--html']) {
      const result = await runCli([slowList(), flag, path()]);
      expectOneLineError(result, message);
      expect(result.durationMs).toBeLessThan(2_500 * busy);
    }
  });

  it('a folder that vanishes during the run: one line, exit 2, the report still on stdout', async () => {
    const folder = join(temp.path, 'vanishing');
    mkdirSync(folder);
    const { child, result } = startCli([
      list('vanish.txt', [page('delay=800&v=1')]),
      '--json',
      '-o',
      join(folder, 'r.json'),
    ]);
    await waitUntil(async () => (await fixtureStats(workspace.baseUrl)).inFlight >= 1);
    rmSync(folder, { recursive: true });
    const done = await result;
    expect(child.exitCode).toBe(2);
    expect(done.stderr).toMatch(/^corofetch: cannot write --output '.*r\.json': /m);
    expect(done.stderr).not.toMatch(STACK_LINE);
    expect(parseReport(done.stdout).exitCode).toBe(0);
  });
});

describe('6. threshold numbers', () => {
  it('a limit too large for a number is exit 2', async () => {
    expectOneLineError(await runCli([page(), '--threshold', `speedup>=${'9'.repeat(400)}`]), /the number is too large/);
  });

  it('--min-speedup 0.0000001 is accepted and judged', async () => {
    const { code, stdout } = await runCli([page('delay=20'), '--min-speedup', '0.0000001', '--json']);
    expect(code).toBe(0);
    expect(parseReport(stdout).thresholds[0]).toMatchObject({ expr: 'speedup >= 1e-7', outcome: 'passed' });
  });
});

describe('7. a list line of 1 MB of semicolons', () => {
  it('is refused in well under a second of work, exit 2', async () => {
    const file = temp.write('semicolons.txt', `${';'.repeat(1_000_000)}\n`);
    const result = await runCli([file]);
    expectOneLineError(result, /a line longer than 65,536 characters/);
    expect(result.durationMs).toBeLessThan(3_000 * busy);
  });

  it('a long line under the limit is quoted short, found in well under a second', async () => {
    const file = temp.write('semicolons-60k.txt', `${'a=;'.repeat(20_000)}\n`);
    const result = await runCli([file]);
    expectOneLineError(result, /semicolons-60k\.txt:1: not a valid URL/);
    expect(result.durationMs).toBeLessThan(3_000 * busy);
  });
});

describe('8 and 9. proxies and TLS peers that stall, and signals while they do', () => {
  it('a proxy that never answers CONNECT: --connect-timeout holds; SIGTERM ends the run at once', async () => {
    await serve(servers.startMuteProxy(), async (proxy) => {
      await serve(servers.startTlsServer(), async (target) => {
        const env = { https_proxy: proxy.url };
        const timed = await runCli(
          [target.url, '--mode', 'serial', '--json', '-t', '2000', '--connect-timeout', '1000'],
          { env },
        );
        const [result] = parseReport(timed.stdout).modes.serial!.runs[0]!.results;
        expect(result!.error!.code).toBe('CONNECT_TIMEOUT');
        expect(result!.durationMs).toBeLessThan(1_100 + 50 * busy);

        const before = proxy.connections();
        const { child, result: running } = startCli([target.url, '--json', '--connect-timeout', '60000'], { env });
        await waitUntil(() => proxy.connections() > before);
        const signalledAt = performance.now();
        child.kill('SIGTERM');
        const stopped = await running;
        expect(stopped.code).toBe(143);
        expect(performance.now() - signalledAt).toBeLessThan(1_000 * busy);
        expect(parseReport(stopped.stdout).interruption).not.toBeNull();
      });
    });
  });

  it('a proxy that answers CONNECT 200 with a body: PROXY_ERROR, one CONNECT per request', async () => {
    const reply = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    await serve(servers.startScriptedProxy(reply), async (proxy) => {
      const { code, stdout } = await runCli(['https://127.0.0.1:9/', '--json', '-t', '2000'], {
        env: { https_proxy: proxy.url },
      });
      expect(code).toBe(1);
      const report = parseReport(stdout);
      for (const mode of ['serial', 'concurrent'] as const) {
        expect(report.modes[mode]!.runs[0]!.results.at(0)!.error).toMatchObject({
          code: 'PROXY_ERROR',
          message: expect.stringMatching(/answered CONNECT with a body/),
        });
      }
      expect(proxy.connects()).toBe(2);
    });
  });

  it('a proxy that hangs up on CONNECT: PROXY_ERROR at once, one CONNECT per request (QA of issue 9)', async () => {
    await serve(servers.startHangUpProxy(), async (proxy) => {
      const { stdout } = await runCli(['https://127.0.0.1:9/', '--json', '-t', '2000'], {
        env: { https_proxy: proxy.url },
      });
      const report = parseReport(stdout);
      for (const mode of ['serial', 'concurrent'] as const) {
        expect(report.modes[mode]!.runs[0]!.results.at(0)!).toMatchObject({
          error: {
            code: 'PROXY_ERROR',
            message: expect.stringMatching(/closed the connection before answering CONNECT/),
          },
        });
        expect(report.modes[mode]!.runs[0]!.results.at(0)!.durationMs).toBeLessThan(1_000);
      }
      expect(proxy.connects()).toBe(2);
    });
  });

  it('a proxy that asks for authentication (407): PROXY_AUTH_REQUIRED', async () => {
    const reply =
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n';
    await serve(servers.startScriptedProxy(reply), async (proxy) => {
      const { stdout } = await runCli(['https://127.0.0.1:9/', '--json', '--mode', 'serial'], {
        env: { https_proxy: proxy.url },
      });
      expect(parseReport(stdout).modes.serial!.runs[0]!.results.at(0)!.error).toMatchObject({
        code: 'PROXY_AUTH_REQUIRED',
        message: expect.stringMatching(/requires authentication \(407/),
      });
    });
  });

  it('https to a port that never speaks TLS: -t holds; SIGTERM with a long --connect-timeout exits at once', async () => {
    await serve(servers.startMuteProxy(), async (silent) => {
      const url = silent.url.replace('http:', 'https:');
      const timed = await runCli([url, '--mode', 'serial', '--json', '-t', '2000']);
      const [result] = parseReport(timed.stdout).modes.serial!.runs[0]!.results;
      expect(result).toMatchObject({ error: { code: 'TIMEOUT', message: 'no complete response within 2000 ms' } });
      expect(result!.durationMs).toBeLessThan(2_200 + 50 * busy);

      const before = silent.connections();
      const { child, result: running } = startCli([url, '--connect-timeout', '60000']);
      await waitUntil(() => silent.connections() > before);
      const signalledAt = performance.now();
      child.kill('SIGTERM');
      expect((await running).code).toBe(143);
      expect(performance.now() - signalledAt).toBeLessThan(1_000 * busy);
    });
  });
});

describe('10. counts too large to schedule', () => {
  it.each([
    ['--warmup', '100000000', /--warmup must be a whole number from 0 to 100/],
    ['--runs', '9007199254740991', /--runs must be a whole number from 1 to 1000/],
    ['-c', '1000000', /--concurrency must be a whole number from 1 to 10000/],
  ])('%s %s: exit 2 at once, saying the limit', async (flag, value, message) => {
    const result = await runCli([page(), flag, value]);
    expectOneLineError(result, message);
    expect(result.durationMs).toBeLessThan(2_000 * busy);
  });
});

describe('11. input with no end', () => {
  it('corofetch - < /dev/zero: exit 2 at the line-length limit', async () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const result = await runCli(['-'], { stdinFd: zero });
      expectOneLineError(result, /stdin:1: a line longer than 65,536 characters/);
      expect(result.durationMs).toBeLessThan(3_000 * busy);
    } finally {
      closeSync(zero);
    }
  });

  it('corofetch /dev/zero: the same, as a file', async () => {
    expectOneLineError(await runCli(['/dev/zero']), /\/dev\/zero:1: a line longer than 65,536 characters/);
  });
});

function blockedOnFifo(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some(
      (task) => readFileSync(`/proc/${pid}/task/${task}/wchan`, 'utf8') === 'wait_for_partner',
    );
  } catch {
    return false;
  }
}

describe('12. a FIFO with no writer', () => {
  it('SIGTERM while corofetch waits for a writer ends it with a message, exit 143', async () => {
    const fifo = join(temp.path, 'urls.fifo');
    execFileSync('mkfifo', [fifo]);
    const { child, result } = startCli([fifo]);
    // The sign: one of corofetch's threads is blocked opening the FIFO, waiting for a writer (Linux names
    // that wait `wait_for_partner` in /proc/PID/task/TID/wchan).
    await waitUntil(() => blockedOnFifo(child.pid!));
    const signalledAt = performance.now();
    child.kill('SIGTERM');
    const done = await result;
    expect(performance.now() - signalledAt).toBeLessThan(1_000 * busy);
    expect(done.code).toBe(143);
    expect(done.stderr).toMatch(/^corofetch: interrupted by SIGTERM before the first request; nothing was fetched$/m);
    expect(done.stderr).not.toMatch(STACK_LINE);
  });
});

describe('13. headers corofetch cannot send', () => {
  it.each([
    'Content-Length: 5',
    'Content-Length: abc',
    'Connection: upgrade',
    'Transfer-Encoding: chunked',
    'Keep-Alive: timeout=5',
    'Upgrade: websocket',
    'Expect: 100-continue',
    'TE: trailers',
  ])('-H %j: exit 2 naming the header, before any request', async (header) => {
    const name = header.slice(0, header.indexOf(':'));
    await fixtureStats(workspace.baseUrl, true);
    const result = await runCli([page('delay=3000&h=1'), '-H', header]);
    expectOneLineError(result, new RegExp(`-H/--header '${name}' cannot be set: `));
    expect((await fixtureStats(workspace.baseUrl)).requests).toBe(0);
  });

  it('a value with a character a header cannot carry is exit 2, the value not echoed', async () => {
    const result = await runCli([page(), '-H', 'X-Token: s3cr\u0001t']);
    expectOneLineError(result, /-H\/--header 'X-Token': the value has a character a header cannot carry/);
    expect(result.stderr).not.toContain('s3cr');
  });
});

describe('14. peers that deserve their own code', () => {
  it('a --ca file with a PEM header and garbage is exit 2', async () => {
    const ca = temp.write('garbage.pem', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    expectOneLineError(
      await runCli([page(), '--ca', ca]),
      /--ca '.*garbage\.pem': certificate 1 of 1 is not a valid X\.509 certificate/,
    );
  });

  it.each([
    ['a 100 Continue flood', servers.startContinueFloodServer, 'NO_FINAL_RESPONSE', /1xx informational status/],
    ['an unasked-for 101', servers.startUnaskedUpgradeServer, 'NO_FINAL_RESPONSE', /1xx informational status/],
    ['status 000', servers.startStatusZeroServer, 'PROTOCOL_ERROR', /not an HTTP status/],
  ])('%s: %s', async (_name, start, code, message) => {
    await serve(start(), async (server) => {
      const { stdout, stderr } = await runCli([server.url, '--json', '--mode', 'serial', '-t', '3000']);
      expect(stderr).not.toMatch(STACK_LINE);
      const [result] = parseReport(stdout).modes.serial!.runs[0]!.results;
      expect(result!.error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(result!.error!.message).not.toMatch(/ERR_ASSERTION|assert/i);
    });
  });
});

describe('control characters from the command line reach the terminal escaped', () => {
  it.each([
    ['a file name', ['missing-\u001b[31m-\u007f-\u202e.txt']],
    ['a -H name', [`${'http://127.0.0.1:1/'}`, '-H', 'X-\u001b[2J\u007f: v']],
    ['a non-URL argument', ['\u001b]0;owned\u0007']],
  ])('%s', async (_name, args) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

describe('nothing written is half written', () => {
  it('leaves no temporary file behind when it refuses a path', async () => {
    const folder = join(temp.path, 'clean');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'x');
    await runCli([page(), '--threshold', 'nope>1', '-o', join(folder, 'r.json')]);
    expect(execFileSync('ls', ['-A', folder]).toString().trim()).toBe('keep.txt');
  });
});
