import { Command, Option } from 'commander';
import { EXIT } from '../core/exit-codes.js';
import { DETAIL_FULL_UP_TO } from '../core/report.js';
import { METRICS_HELP } from '../core/thresholds.js';
import { printable } from '../reporters/printable.js';
import { DEFAULTS, type RawRunFlags, type RawServeFlags, type RawSweepFlags } from './options.js';

/** What the command line asked for, before validation (options.ts does that). */
export type Invocation =
  | { command: 'compare'; inputs: string[]; flags: RawRunFlags }
  | { command: 'demo'; flags: RawRunFlags }
  | { command: 'serve'; flags: RawServeFlags }
  | { command: 'sweep'; inputs: string[]; flags: RawSweepFlags };

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.OK}   every request succeeded and every threshold passed
  ${EXIT.REQUEST_FAILED}   at least one request failed (network error, timeout or non-2xx status)
  ${EXIT.USAGE}   bad flag, unreadable or invalid URL list, unwritable --output
  ${EXIT.THRESHOLD}   a threshold was breached (--threshold, --min-speedup, --max-regression)
      A failed request gives 1 even when a threshold is breached, unless a threshold names
      'failed' (e.g. --threshold 'failed<=2'): then thresholds alone decide between 0 and 3.
  ${EXIT.INTERNAL}  internal error in corofetch (please report it; --debug prints the stack)
  ${EXIT.SIGINT} interrupted by SIGINT (Ctrl-C): the partial report is still written
  ${EXIT.SIGTERM} interrupted by SIGTERM: likewise`;

const SWEEP_EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.OK}   every request succeeded
  ${EXIT.REQUEST_FAILED}   at least one request failed (those levels are left out of the knee and the fits)
  ${EXIT.USAGE}   bad flag, unreadable or invalid URL list, unwritable output
  ${EXIT.INTERNAL}  internal error in corofetch (please report it; --debug prints the stack)
  ${EXIT.SIGINT} interrupted by SIGINT (Ctrl-C): what was measured is still reported
  ${EXIT.SIGTERM} interrupted by SIGTERM: likewise`;

const SWEEP_HELP = `
Each level goes round the list until it has made at least 8 requests per slot (8·c), so a short list
does not end in a half-empty wave. Levels with a failed request are left out of the knee and the fits. Models are fitted with 6 levels
(c = 1 among them) and 3 rounds or more; docs/sweep.md explains the knee, the models and their limits.

Examples:
  $ corofetch serve --max-in-flight 6 &             a server that serves at most 6 at once
  $ corofetch sweep http://127.0.0.1:8750/page?delay=50 --levels 1..32:x2
  $ corofetch sweep urls.txt --reps 5 --html sweep.html --json > sweep.json`;

const EXAMPLES_HELP = `
Examples:
  $ corofetch demo                                  offline comparison on the built-in server
  $ corofetch urls.txt                              serial loop, then coroutines, then the comparison
  $ corofetch https://example.com/ https://example.org/   URLs on the command line
  $ corofetch urls.txt -c 4 --mode concurrent       only the concurrent fetcher, 4 at a time
  $ corofetch urls.txt --json | jq .comparison.speedup
  $ corofetch urls.txt --min-speedup 2 -o report.json   fail the build (exit 3) below a 2x speedup
  $ corofetch urls.txt --runs 5 --warmup 1 --threshold 'speedup>=2' --json -o report.json
  $ corofetch urls.txt --runs 5 --baseline main.json --max-regression 10 --markdown summary.md
  $ corofetch urls.txt --html report.html           the waterfall of both modes in one page
  $ cat urls.txt | corofetch -                      read the list from stdin
  $ https_proxy=http://proxy:3128 corofetch urls.txt   proxies as curl reads them (see the README)`;

/**
 * The command-line grammar. Actions only record what was asked; main.ts validates and runs it, so
 * parsing stays free of side effects and help output stays in commander's hands.
 */
export function buildProgram(
  version: string,
  output: ProgramOutput,
  onInvoke: (invocation: Invocation) => void,
): Command {
  const program = new Command('corofetch')
    .description(
      'Download every URL in a list with a serial loop and with concurrent coroutines (async functions ' +
        "on Node's event loop), then compare: bytes per page, wall times, speedup and how close to ideal.",
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    // `corofetch help` and `corofetch help demo` mean help, not a URL list named `help` (use ./help for that).
    .helpCommand('help [command]', 'show help for corofetch or one of its commands')
    .argument(
      '[inputs...]',
      "http(s) URLs, or files with one URL per line ('#' comments and blank lines skipped); '-' reads stdin",
    )
    .addHelpText('after', `${EXAMPLES_HELP}\n${EXIT_CODES_HELP}`)
    .showSuggestionAfterError()
    .action((inputs: string[], flags: RawRunFlags) => onInvoke({ command: 'compare', inputs, flags }));
  // A subcommand's flags are its own: `sweep -r 5` is an unknown option, not the main command's --runs.
  program.enablePositionalOptions();
  addRunOptions(program);

  const demo = program
    .command('demo')
    .description(
      'start the fixture server in-process and compare the modes on three pages shaped like the gevent lesson',
    )
    .option('--http2', 'serve the pages over TLS with HTTP/2 (its CA trusted for the run), to compare with HTTP/1.1')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((_flags: RawRunFlags, command: Command) =>
      onInvoke({ command: 'demo', flags: command.optsWithGlobals<RawRunFlags>() }),
    );
  addRunOptions(demo);

  program
    .command('serve')
    .description('run the fixture server: GET /page?bytes=N&delay=MS&status=CODE (defaults 1024, 0, 200)')
    .option('-p, --port <n>', `port to listen on; 0 picks a free one (default: ${DEFAULTS.port})`)
    .option('--host <address>', `address to listen on (default: ${DEFAULTS.host})`)
    .option('--tls', 'HTTPS, with a certificate for 127.0.0.1 and localhost (its CA: fixtures/tls/ca.pem, for --ca)')
    .option('--http2', 'HTTP/2: with --tls beside HTTP/1.1 by ALPN; without, h2c by prior knowledge only')
    .option(
      '--max-in-flight <n>',
      'serve at most n /page requests at once; the rest wait their turn (a server with a known limit, for sweep)',
    )
    .addHelpText('after', '\nPrints its base URL as the first line of stdout and runs until SIGINT or SIGTERM.')
    .action((flags: RawServeFlags) => onInvoke({ command: 'serve', flags }));

  const sweep = program
    .command('sweep')
    .description(
      'measure throughput at several concurrency levels (c = 1 is the serial loop), find the knee of the curve ' +
        'and fit what limits it: a server that serves at most K at once, or contention and coherency (USL)',
    )
    .argument('<inputs...>', "http(s) URLs, or files with one URL per line; '-' reads stdin")
    .optionsGroup('Sweep:')
    .option('--levels <list>', 'concurrency levels: 1,2,4,8 or 1..64:x2 (geometric) or 10..50:+10 (default: 1..64:x2)')
    .option('--reps <n>', `measured rounds; each runs every level once (default: ${DEFAULTS.sweepReps})`)
    .option(
      '-w, --warmup <n>',
      `uncounted runs of each level before the first round (default: ${DEFAULTS.sweepWarmup})`,
    )
    .option(
      '--order <order>',
      `shuffled (each round's levels in a seeded random order, so drift does not tilt the curve) or ascending (default: ${DEFAULTS.sweepOrder})`,
    )
    .option('--seed <n>', 'seed for the shuffle and the bootstrap (default: a random one, recorded in the report)')
    .option(
      '--knee-tolerance <percent>',
      `the knee is the smallest level within this much of the best throughput (default: ${DEFAULTS.kneeTolerancePercent})`,
    )
    .addHelpText('after', `${SWEEP_HELP}\n${SWEEP_EXIT_CODES_HELP}`)
    .action((inputs: string[], flags: RawSweepFlags) => onInvoke({ command: 'sweep', inputs, flags }));
  addRequestOptions(sweep);
  sweep
    .optionsGroup('Output:')
    .option('--json', 'print the sweep report as JSON on stdout (schema/sweep.schema.json)')
    .option('-o, --output <file>', 'also write the JSON report to this file, atomically')
    .option('--csv <file>', 'also write every measured run as a CSV row (level, round, wall time, requests, …)')
    .option('--html <file>', 'also write an HTML page with the plot: rounds, means with intervals, ideal, fit, knee')
    .option('-q, --quiet', 'text report: only the knee, model and client lines')
    .option('--ascii', 'ASCII only')
    .option('--progress', 'live progress on stderr even when it is not a terminal')
    .option('--no-progress', 'no live progress')
    .option('--no-color', 'no colour')
    .option('--debug', 'print the stack trace of an internal error');

  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => output.writeOut(text),
      writeErr: (text) => output.writeErr(text),
      // commander says "error: …"; every corofetch error is one line "corofetch: …".
      outputError: (text, write) => write(`corofetch: ${printable(text.replace(/^error: /, '').trimEnd())}\n`),
    });
  }
  return program;
}

/** Commander's reducer for repeatable options. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The run options, shared by the main command and `demo`. Defaults live in options.ts, quoted here. */
function addRunOptions(command: Command): void {
  command
    .optionsGroup('Scheduling:')
    .addOption(
      new Option('-m, --mode <mode>', `serial, concurrent or both (default: ${DEFAULTS.mode}; serial runs first)`),
    )
    .option(
      '-c, --concurrency <n>',
      `most requests in flight at once in concurrent mode (default: ${DEFAULTS.concurrency})`,
    )
    .option(
      '-r, --runs <n>',
      `measured rounds (a round: one run of each mode, back to back) (default: ${DEFAULTS.runs}; ${DEFAULTS.gatedRuns} when a gate is given)`,
    )
    .option(
      '-w, --warmup <n>',
      `uncounted rounds before the measured ones (default: ${DEFAULTS.warmup}; ${DEFAULTS.gatedWarmup} when a gate is given and --runs is not)`,
    );
  addRequestOptions(command);
  command
    .optionsGroup('Output:')
    .option('--json', 'print the report as JSON on stdout (and nothing else there)')
    .option('-o, --output <file>', 'also write the JSON report to this file, atomically')
    .option('--markdown <file>', 'also write a Markdown summary (for $GITHUB_STEP_SUMMARY or a PR comment)')
    .option('-q, --quiet', 'text report: print only the summary')
    .option(
      '--detail <level>',
      `JSON report: full (every request), summary (aggregates, failed and slowest 100 URLs) or auto (full up to ${DETAIL_FULL_UP_TO.toLocaleString('en-US')} URLs) (default: ${DEFAULTS.detail})`,
    )
    .option('--table <rows>', `auto (over 40 URLs: the slowest and failed rows) or all (default: ${DEFAULTS.table})`)
    .option('--timeline', 'draw the waterfall of both modes (default: on for both on a terminal, up to 40 URLs)')
    .option('--no-timeline', 'do not draw the waterfall')
    .option('--ascii', 'ASCII only: tables, waterfall and marks (also with TERM=dumb)')
    .option(
      '--progress',
      'live progress on stderr even when it is not a terminal (default: on a terminal, not under CI)',
    )
    .option('--no-progress', 'no live progress')
    .option('--html <file>', 'also write a self-contained HTML report with the waterfall of each mode')
    .option('--ndjson <file>', 'also write every request of every measured round as one JSON object per line')
    .option('--csv <file>', 'also write every request of every measured round as a CSV row')
    .option('--bencher <file>', 'also write the figures in Bencher Metric Format (times as latency, in ns)')
    .option('--benchmark-action <file>', "also write the times for github-action-benchmark's customSmallerIsBetter")
    .option(
      '--github <when>',
      `GitHub Actions annotations, step summary and step outputs: auto (when GITHUB_ACTIONS=true), on or off (default: ${DEFAULTS.github})`,
    )
    .option('--no-color', 'no colour (also off with NO_COLOR, TERM=dumb, or when stdout is not a terminal)')
    .option('--debug', 'print the stack trace of an internal error')
    .optionsGroup('CI gates (exit 3 when one fails):')
    .option(
      '--threshold <expr>',
      `'<metric> <op> <number>', repeatable; ops < <= > >= ==; metrics: ${METRICS_HELP} ` +
        '(wall and request times in ms; regression in percent, needs --baseline)',
      collect,
    )
    .option('--min-speedup <x>', "shorthand for --threshold 'speedup>=x' (needs --mode both)")
    .option(
      '--inconclusive <policy>',
      `pass, warn or fail: how a gate counts when its 95% interval straddles the limit; warn passes and says so (default: ${DEFAULTS.inconclusive})`,
    )
    .option(
      '--baseline <report.json>',
      'compare with an earlier JSON report of the same URL list (or the same paths on another host or port)',
    )
    .option(
      '--max-regression <percent>',
      "fail when a mode's wall time grew by more than this since --baseline (its 95% interval, Welch's t on log times)",
    );
}

/** How each request is made: the comparison and the sweep take the same flags. */
function addRequestOptions(command: Command): void {
  command
    .optionsGroup('Requests:')
    .option('-t, --timeout <ms>', `deadline for each whole request, body included (default: ${DEFAULTS.timeoutMs})`)
    .option(
      '--connect-timeout <ms>',
      `deadline for opening a connection, TLS included (default: ${DEFAULTS.connectTimeoutMs})`,
    )
    .option('--max-bytes <n>', 'stop a body past n bytes with an error (k, M, G suffixes: powers of 1024)')
    .option(
      '--max-redirects <n>',
      `redirects to follow, http(s) only; more is an error (default: ${DEFAULTS.maxRedirects})`,
    )
    .option(
      '--retries <n>',
      `retry connection failures, 5xx and 429 with backoff, honouring Retry-After (default: ${DEFAULTS.retries})`,
    )
    .option(
      '--connections <policy>',
      `reuse (keep-alive) or fresh (a new connection for every request, as urlopen) (default: ${DEFAULTS.connections})`,
    )
    .option('-H, --header <header>', "extra request header 'Name: value', repeatable; never printed", collect)
    .option('--ca <file>', 'also trust the CA certificates in this PEM file, repeatable', collect)
    .option(
      '--protocol <version>',
      `auto (HTTP/2 by ALPN on https, as curl and browsers), http1, or http2 (also h2c by prior knowledge on http) (default: ${DEFAULTS.protocol})`,
    )
    .option('--compressed', 'ask for gzip, deflate, br (zstd where Node decodes it) and count the decoded bytes too')
    .option(
      '--resolve <host:port:addr>',
      'connect to addr for host:port, as curl does (TLS and Host keep the name), repeatable',
      collect,
    )
    .option(
      '--connect-to <host1:port1:host2:port2>',
      'connect to host2:port2 for host1:port1, as curl does (empty parts: any, or unchanged), repeatable',
      collect,
    )
    .option('--insecure', 'do not verify TLS certificates (prints a warning)');
}
