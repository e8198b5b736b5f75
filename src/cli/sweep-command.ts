import { randomInt } from 'node:crypto';
import { EXIT } from '../core/exit-codes.js';
import { buildSweepReport, type SweepReport, type SweepSettings } from '../core/sweep-analysis.js';
import { defaultLevels, planSweep, REQUESTS_PER_SLOT } from '../core/sweep-plan.js';
import { runSweep, type SweepSessionPlan } from '../core/sweep.js';
import { printable } from '../reporters/printable.js';
import { renderSweepHtml } from '../reporters/sweep-html.js';
import { renderSweepCsv, renderSweepJson, renderSweepText } from '../reporters/sweep-text.js';
import { proxyFromEnv, readCaFile, readTargets } from './inputs.js';
import type { CommandIo } from './io.js';
import { parseSweepOptions, type RawSweepFlags } from './options.js';
import { type Output, outputsToStdout, prepareOutputs, writeRendered } from './outputs.js';
import { interruptible } from './signals.js';
import { decideDisplay, decideStyle, terminalFacts } from './terminal.js';
import { warmUpClient } from './warm-up.js';

/** `corofetch sweep INPUT…`: throughput at each concurrency level, the knee, and the models that explain it. */
export async function executeSweep(inputs: readonly string[], flags: RawSweepFlags, io: CommandIo): Promise<number> {
  const options = parseSweepOptions(flags, io.version, randomInt(2 ** 31));
  return interruptible(io, async (interruption) => {
    const targets = await readTargets(inputs, io, interruption.signal);
    const levels = options.levels ?? defaultLevels();
    const outputs = await prepareOutputs(options.exports, null, options.json);
    const { caFiles, ...connection } = options.connection;
    const extraCaPem = await Promise.all(caFiles.map(readCaFile));
    const plan: SweepSessionPlan = {
      targets,
      steps: planSweep({
        levels,
        reps: options.reps,
        warmup: options.warmup,
        order: options.order,
        seed: options.seed,
      }),
      request: options.request,
      connection: { ...connection, extraCaPem, proxy: proxyFromEnv(io.env) },
    };
    const display = decideDisplay({
      ...terminalFacts(io),
      flags: { ...options.display, table: 'auto', timeline: false },
      mode: 'concurrent',
      urlCount: targets.length,
      textReport: !options.json && !outputsToStdout(outputs),
    });
    const startedAt = new Date().toISOString();
    await warmUpClient(plan);

    interruption.next = 'stopping; writing what was measured';
    const progress = (text: string): void => {
      if (display.progress) io.stderr.write(`\r\u001b[2K${text.slice(0, display.progressWidth - 1)}`);
    };
    interruption.beforeNotice = () => progress('');
    const runs = await runSweep(
      plan,
      {
        onRunStart: (step, index, total) =>
          progress(
            `sweep: run ${index + 1}/${total}: c = ${step.level}${step.round === 0 ? ' (warm-up)' : `, round ${step.round}`}`,
          ),
      },
      interruption.signal,
    );
    progress('');
    interruption.beforeNotice = () => undefined;

    const settings: SweepSettings = {
      levels,
      reps: options.reps,
      warmup: options.warmup,
      order: options.order,
      seed: options.seed,
      kneeTolerance: options.kneeTolerance,
      requestsPerSlot: REQUESTS_PER_SLOT,
      timeoutMs: options.request.timeoutMs,
      connectTimeoutMs: connection.connectTimeoutMs,
      connections: connection.connections,
      protocol: connection.protocol,
      compressed: options.request.compressed,
      maxBytes: options.request.maxBytes,
      maxRedirects: options.request.maxRedirects,
      retries: options.request.retries,
      insecure: connection.insecure,
      proxy: plan.connection.proxy !== null,
    };
    const report = buildSweepReport({
      version: io.version,
      startedAt,
      settings,
      urls: targets.labels,
      runs,
      interruptedBy: interruption.received(),
    });
    return emit(report, outputs, io, {
      json: options.json,
      quiet: options.display.quiet,
      width: display.fitWidth ?? 200,
      unicode: display.unicode,
      color: options.display.color,
    });
  });
}

async function emit(
  report: SweepReport,
  outputs: readonly Output[],
  io: CommandIo,
  view: { json: boolean; quiet: boolean; width: number; unicode: boolean; color: boolean },
): Promise<number> {
  const { failed } = await writeRendered(
    outputs,
    (output) =>
      output.format === 'csv'
        ? renderSweepCsv(report)
        : output.format === 'html'
          ? renderSweepHtml(report)
          : renderSweepJson(report),
    io,
  );
  if (!outputsToStdout(outputs)) {
    const style = decideStyle({ isTTY: io.stdout.isTTY === true, env: io.env, colorFlag: view.color });
    io.stdout.write(
      view.json
        ? renderSweepJson(report)
        : renderSweepText(report, style, { width: view.width, unicode: view.unicode, quiet: view.quiet }),
    );
  }
  for (const line of failed) io.stderr.write(`corofetch: ${printable(line)}\n`);
  return failed.length > 0 && report.interruption === null ? EXIT.USAGE : report.exitCode;
}
