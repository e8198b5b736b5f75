import type { BaselineReport } from '../core/baseline.js';
import { InputError } from '../core/errors.js';
import { phaseNeverSeen } from '../core/thresholds.js';
import { EXIT, type InterruptSignal } from '../core/exit-codes.js';
import { buildReport, DETAIL_FULL_LIMIT } from '../core/report.js';
import { runSession, type SessionOutcome, type SessionPlan } from '../core/session.js';
import type { TargetList } from '../core/target-list.js';
import type { Report } from '../core/types.js';
import { parseUrlList } from '../core/url-list.js';
import { demoUrlList } from '../fixture-server/demo.js';
import { FIXTURE_CA_FILE, startFixtureServer } from '../fixture-server/server.js';
import { renderAnnotations } from '../reporters/github.js';
import { renderJson } from '../reporters/json.js';
import { formatCount } from '../reporters/format.js';
import { printable } from '../reporters/printable.js';
import type { Style } from '../reporters/style.js';
import { renderTextReport, renderWarnings } from '../reporters/text-report.js';
import { githubStep, type GithubStep, writeGithubStep } from './github.js';
import { proxyFromEnv, readBaseline, readCaFile, readTargets } from './inputs.js';
import type { CommandIo } from './io.js';
import { startLiveOutput } from './live-output.js';
import { parseRunOptions, type RawRunFlags, type RunOptions } from './options.js';
import { type Output, outputsToStdout, prepareOutputs, writeOutputs } from './outputs.js';
import { type Interruption, interruptible } from './signals.js';
import { holdHeapNearLive } from './heap.js';
import { warmUpClient } from './warm-up.js';
import { decideDisplay, decideStyle, type Display, terminalFacts } from './terminal.js';

/** `corofetch INPUT…`: the comparison over URLs from the command line, list files and stdin. */
export async function executeCompare(inputs: readonly string[], flags: RawRunFlags, io: CommandIo): Promise<number> {
  const options = parseRunOptions(flags, io.version);
  return interruptible(io, async (interruption) => {
    const targets = await readTargets(inputs, io, interruption.signal);
    holdHeapNearLive(targets.length);
    return compare(targets, options, io, interruption);
  });
}

/** `corofetch demo`: the same comparison, against the fixture server started in this process. */
export async function executeDemo(flags: RawRunFlags, io: CommandIo): Promise<number> {
  const http2 = flags.http2 === true;
  // Over HTTP/2 the fixture server speaks TLS with its own certificate: its CA is trusted for the run.
  const options = parseRunOptions(http2 ? { ...flags, ca: [...(flags.ca ?? []), FIXTURE_CA_FILE] } : flags, io.version);
  return interruptible(io, async (interruption) => {
    const server = await startFixtureServer({ host: '127.0.0.1', port: 0, tls: http2, http2 });
    try {
      if (!options.json && !options.display.quiet) {
        io.stdout.write(
          `demo: fixture server at ${server.url}${http2 ? ' (TLS, HTTP/2 by ALPN)' : ''}\n` +
            '      three pages shaped like python.org, yahoo.com and github.com\n\n',
        );
      }
      return await compare(parseUrlList(demoUrlList(server.url)).targets, options, io, interruption);
    } finally {
      await server.close();
    }
  });
}

/** Everything the session and its report need, checked and decided before the first request. */
interface Prepared {
  plan: SessionPlan;
  options: RunOptions;
  baseline: { file: string; report: BaselineReport } | undefined;
  outputs: Output[];
  github: GithubStep;
  display: Display;
  styles: { stdout: Style; stderr: Style };
}

/** What the session measured, and the signal that cut it short, if one did. */
interface Measured {
  outcome: SessionOutcome;
  interruptedBy: InterruptSignal | null;
}

/** prepare → measure → emit; returns the exit code. */
async function compare(
  targets: TargetList,
  options: RunOptions,
  io: CommandIo,
  interruption: Interruption,
): Promise<number> {
  const prepared = await prepare(targets, options, io);
  const measured = await measure(prepared, io, interruption);
  return emit(measured, prepared, io);
}

/** Reads and checks everything a typo could spoil, so a mistake never costs a whole session. */
async function prepare(targets: TargetList, options: RunOptions, io: CommandIo): Promise<Prepared> {
  const { baselinePath } = options.gates;
  const urls = targets.labels;
  const baseline = baselinePath === null ? undefined : await readBaseline(baselinePath, urls);
  const github = githubStep(options.github, io.env);
  const jsonWanted = options.json || options.exports.some((file) => file.format === 'json');
  if (options.detail === 'full' && jsonWanted && targets.length > DETAIL_FULL_LIMIT) {
    throw new InputError(
      `--detail full: ${formatCount(targets.length)} URLs is over the ${formatCount(DETAIL_FULL_LIMIT)} a full JSON report can hold; use --detail summary, and --ndjson for every request`,
    );
  }
  for (const { metric } of options.gates.thresholds) {
    const never = phaseNeverSeen(metric, targets.labels);
    if (never !== null) throw new InputError(`--threshold: ${never}`);
  }
  const outputs = await prepareOutputs(options.exports, github.summaryFile, options.json);
  const { caFiles, ...connection } = options.connection;
  const extraCaPem = await Promise.all(caFiles.map(readCaFile));
  if (connection.insecure) io.stderr.write('corofetch: warning: --insecure: TLS certificates are not verified\n');

  const display = decideDisplay({
    ...terminalFacts(io),
    flags: options.display,
    mode: options.mode,
    urlCount: targets.length,
    textReport: !options.json && !outputsToStdout(outputs),
  });
  const styles = {
    stdout: decideStyle({ isTTY: io.stdout.isTTY === true, env: io.env, colorFlag: options.display.color }),
    stderr: decideStyle({ isTTY: io.stderr.isTTY === true, env: io.env, colorFlag: options.display.color }),
  };
  const plan: SessionPlan = {
    targets,
    schedule: options.schedule,
    request: options.request,
    connection: { ...connection, extraCaPem, proxy: proxyFromEnv(io.env) },
  };
  return { plan, options, baseline, outputs, github, display, styles };
}

/** The session itself, shown live and stoppable by SIGINT/SIGTERM. */
async function measure(
  { plan, display, styles }: Prepared,
  io: CommandIo,
  interruption: Interruption,
): Promise<Measured> {
  // Interrupted before the session began: there is nothing to keep.
  if (interruption.signal.aborted) throw interruption.signal.reason;
  await warmUpClient(plan);
  if (interruption.signal.aborted) throw interruption.signal.reason;
  interruption.next = 'stopping; writing what was measured';
  const live = startLiveOutput(io, plan.schedule, display, styles);
  interruption.beforeNotice = live.clear;
  try {
    const outcome = await runSession(plan, live.observer, interruption.signal);
    return { outcome, interruptedBy: interruption.received() };
  } finally {
    interruption.beforeNotice = () => undefined;
    live.finish();
  }
}

/** The report, to its files first (the artefacts a CI job keeps, even if stdout has gone away), then stdout. */
async function emit(measured: Measured, prepared: Prepared, io: CommandIo): Promise<number> {
  const { plan, options, display, styles } = prepared;
  const report: Report = buildReport({
    version: io.version,
    plan,
    outcome: measured.outcome,
    gates: options.gates,
    ...(prepared.baseline !== undefined && { baseline: prepared.baseline }),
    roundsFrom: options.roundsFrom,
    interruptedBy: measured.interruptedBy,
    detail: options.detail,
  });
  const { written, failed, skipped } = await writeOutputs(prepared.outputs, report, io);
  // A file that could not be written fails the command (exit 2), unless a signal already decided the code.
  const exitCode = failed.length > 0 && report.interruption === null ? EXIT.USAGE : report.exitCode;
  if (prepared.github.on) {
    // Under GitHub Actions the warnings and failed outputs become annotations, which the log shows too.
    const left = await writeGithubStep(prepared.github, report, written, exitCode);
    io.stderr.write(renderAnnotations(report, { failed, skipped: [...skipped, ...left] }));
  } else {
    io.stderr.write(renderWarnings(report, styles.stderr, { width: display.stderrFitWidth, unicode: display.unicode }));
    for (const line of skipped) io.stderr.write(`corofetch: warning: ${printable(line)}\n`);
  }
  // An output to stdout (`-o -`) is what stdout carries; the report would only be mixed into it.
  if (!outputsToStdout(prepared.outputs))
    io.stdout.write(
      options.json
        ? renderJson(report)
        : renderTextReport(report, styles.stdout, {
            quiet: options.display.quiet,
            table: options.display.table,
            timeline: display.timeline ? { width: display.width, unicode: display.unicode } : null,
            width: display.fitWidth,
            unicode: display.unicode,
          }),
    );
  // The report still went wherever it could; each file that could not be written is one line.
  if (!prepared.github.on) for (const line of failed) io.stderr.write(`corofetch: ${printable(line)}\n`);
  return exitCode;
}
