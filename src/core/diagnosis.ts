import { inOrderMakespanMs } from './ideal.js';
import { logMeanInterval } from './intervals.js';
import { medianDurations, requestFigures } from './result-columns.js';
import { geometricMean, medianInPlace, medianOf, round2 } from './stats.js';
import type {
  Comparison,
  Diagnosis,
  FetchResult,
  Mode,
  ModeSummary,
  Report,
  ReportOptions,
  RunRecord,
} from './types.js';

/**
 * A connection this slow to open was retried: Linux (and most stacks) resend an unanswered SYN after 1 s,
 * so a full accept backlog or a lost SYN shows as a connect phase of just over a second.
 */
export const CONNECT_STALL_MS = 900;
/**
 * The server's own parallelism at most half of what was in flight, or about one request at a time (1.25
 * with 1.5 or more in flight): it queued the rest. And concurrent requests waited 1.5× as long for their
 * first byte as serial ones, 10 ms or more longer: a millisecond figure is the client's noise, not a queue.
 */
const SERIALIZED_SHARE = 0.5;
const ONE_AT_A_TIME = 1.25;
const FIRST_BYTE_GROWTH = 1.5;
const FIRST_BYTE_GROWTH_MS = 10;
/** Fewer requests to compare than this are noise, whatever they show. */
const MIN_PAIRS = 4;
/**
 * Slots this busy on average, and a larger limit buying this much (10% of the ideal and 50 ms at least),
 * make the limit the pace-setter.
 */
const BUSY_SLOTS = 0.8;
const QUEUE_GAIN = 0.9;
const QUEUE_GAIN_MS = 50;
/** corofetch's process on the CPU this much of a run's wall time, or its event loop this late: it was the bottleneck. */
const CLIENT_CPU_SHARE = 0.8;
const CLIENT_LOOP_P99_MS = 20;
/** A shorter run is mostly start-up work (compiling, the first connection): its CPU share says nothing. */
export const CLIENT_MIN_WALL_MS = 100;
/**
 * An efficiency of 1.05 or more is explained when the requests themselves were faster concurrently: the
 * ratio serial / concurrent of every URL in every round (paired within the round), its geometric mean at
 * least 1.1 and its 99.8% t-interval (one-sided 0.1%) above 1. Strict, because a diagnosis reads as a
 * finding: in test/unit/diagnosis.test.ts, 4 of 9,000 simulated healthy sessions (0.044%) raise it.
 */
const IDEAL_EXCEEDED_AT = 1.05;
const FASTER_AT = 1.1;
const IDEAL_EXCEEDED_CONFIDENCE = 0.998;

export interface DiagnosisFacts {
  modes: Report['modes'];
  comparison: Comparison | undefined;
  options: ReportOptions;
}

/**
 * Why a figure looks as it does, each claim with the figures behind it: computed from the phases, queue
 * times and durations already measured. A healthy run gets none — each rule fires only on a signature
 * far outside what a healthy run shows (test/integration/diagnosis.test.ts holds a server for each).
 */
export function diagnose({ modes, comparison, options }: DiagnosisFacts): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (const mode of ['serial', 'concurrent'] as const) {
    const summary = modes[mode];
    if (summary === undefined) continue;
    const stall =
      mode === 'concurrent'
        ? connectStall(mode, summary, modes.serial, comparison)
        : connectStall(mode, summary, undefined, undefined);
    if (stall !== null) found.push(stall);
  }
  const { serial, concurrent } = modes;
  const busy = (['serial', 'concurrent'] as const).flatMap((mode) => {
    const summary = modes[mode];
    const client = summary === undefined ? null : clientBound(mode, summary);
    return client === null ? [] : [client];
  });
  // A busy client makes every wait look like a queue at the server, and stalled connections too: either
  // is the explanation, and a larger limit would buy nothing.
  const explained = busy.some((d) => d.mode === 'concurrent') || found.some((d) => d.mode === 'concurrent');
  let serializes: Diagnosis | null = null;
  if (serial !== undefined && concurrent !== undefined && comparison !== undefined) {
    serializes = explained ? null : serverSerializes(serial, concurrent, comparison);
    if (serializes !== null) found.push(serializes);
    const exceeded = idealExceeded(serial, concurrent, comparison, options);
    if (exceeded !== null) found.push(exceeded);
  }
  // A server that works on one request at a time gains nothing from a larger limit.
  if (concurrent !== undefined && !explained && serializes === null) {
    const queue = queueBound(concurrent, serial, options);
    if (queue !== null) found.push(queue);
  }
  return [...found, ...busy];
}

function connectStall(
  mode: Mode,
  summary: ModeSummary,
  serial: ModeSummary | undefined,
  comparison: Comparison | undefined,
): Diagnosis | null {
  let connections = 0;
  const stalls: number[] = [];
  for (const run of summary.runs) {
    for (const r of run.results) {
      if (r.phases.connectMs === null) continue;
      connections += 1;
      if (r.phases.connectMs >= CONNECT_STALL_MS) stalls.push(r.phases.connectMs);
    }
  }
  if (stalls.length === 0) return null;
  // A full backlog also drops the handshake's last ACK, so a request on such a connection can wait long
  // after it seems open: what it lost is its whole duration past the same URL's serial one (or its stall).
  // Stalled connections wait side by side, so a round loses about the longest of those, not their sum.
  const lost = (r: FetchResult, i: number): number =>
    (r.phases.connectMs ?? 0) < CONNECT_STALL_MS
      ? 0
      : Math.max(r.phases.connectMs!, r.durationMs - (serial?.urls.at(i)?.durationMs.median ?? r.durationMs));
  const lostPerRound = medianOf(
    summary.runs.map((run) => {
      let most = 0;
      let i = 0;
      for (const r of run.results) most = Math.max(most, lost(r, i++));
      return most;
    }),
  );
  const gapMs = comparison === undefined ? null : summary.wallMs.median - comparison.idealWallMs;
  const explained = gapMs !== null && gapMs > 0 ? Math.min(1, lostPerRound / gapMs) : null;
  const share =
    explained === null
      ? ''
      : ` Requests on them lost up to ${formatMs(lostPerRound)} a round, about ${formatShare(explained)} of the ` +
        `${formatMs(gapMs!)} gap to the ideal.`;
  return {
    code: 'CONNECT_STALL',
    mode,
    message:
      `${stalls.length} of ${connections} connections took ${formatMs(CONNECT_STALL_MS)} or more to open ` +
      `(median ${formatMs(medianOf(stalls))}): the sign of SYNs resent after 1 s because the server's accept ` +
      `backlog was full, or of lost packets.${share}`,
    evidence: {
      stalledConnections: stalls.length,
      connections,
      medianStallMs: medianOf(stalls),
      lostPerRoundMs: lostPerRound,
      gapMs,
      explainedShare: explained === null ? null : round2(explained),
    },
  };
}

/** Requests in flight on average during a run: their summed durations over its wall time. */
function meanInFlight(run: RunRecord): number {
  if (run.wallMs <= 0) return 0;
  let sum = 0;
  for (const r of run.results) sum += r.durationMs;
  return sum / run.wallMs;
}

/** A phase (the server's wait for the first byte, or the body's download) of every request that had it, over all runs. */
function phaseSamples(summary: ModeSummary, phase: 'firstByteMs' | 'downloadMs'): Float64Array {
  return requestFigures(summary.runs, (r) => r.phases[phase]);
}

/** The median of a phase, or null when no request had it. */
function medianPhase(summary: ModeSummary, phase: 'firstByteMs' | 'downloadMs'): number | null {
  const samples = phaseSamples(summary, phase);
  return samples.length === 0 ? null : medianInPlace(samples);
}

function serverSerializes(serial: ModeSummary, concurrent: ModeSummary, comparison: Comparison): Diagnosis | null {
  // The serial loop's per-URL medians are the work; done in the concurrent wall time, they say how many
  // requests the server worked on at once.
  let work = 0;
  for (const median of medianDurations(serial.urls)) work += median;
  const effective = concurrent.wallMs.median > 0 ? work / concurrent.wallMs.median : 0;
  const inFlight = medianOf(concurrent.runs.map(meanInFlight));
  // The same URL in the same round, serially and concurrently: a queue at the server lengthens most of them.
  // Held as two typed arrays, not a pair object per request: a million URLs made 150 MB of pairs.
  const rounds = Math.min(serial.runs.length, concurrent.runs.length);
  const capacity = serial.runs.slice(0, rounds).reduce((sum, run) => sum + run.results.length, 0);
  const ratios = new Float64Array(capacity);
  const gaps = new Float64Array(capacity);
  let pairs = 0;
  for (let r = 0; r < rounds; r++) {
    const other = concurrent.runs[r]!.results;
    let i = 0;
    for (const s of serial.runs[r]!.results) {
      const c = other.at(i++)?.phases.firstByteMs ?? null;
      if (s.phases.firstByteMs !== null && s.phases.firstByteMs > 0 && c !== null) {
        ratios[pairs] = c / s.phases.firstByteMs;
        gaps[pairs] = c - s.phases.firstByteMs;
        pairs += 1;
      }
    }
  }
  if (pairs < MIN_PAIRS) return null;
  const growth = medianInPlace(ratios.subarray(0, pairs));
  const longer = medianInPlace(gaps.subarray(0, pairs));
  const queued = effective <= Math.max(SERIALIZED_SHARE * inFlight, ONE_AT_A_TIME);
  if (inFlight < 1.5 || !queued || growth < FIRST_BYTE_GROWTH || longer < FIRST_BYTE_GROWTH_MS) return null;
  // Both have first bytes: the pairs above did.
  const serialWaitMs = medianPhase(serial, 'firstByteMs')!;
  const concurrentWaitMs = medianPhase(concurrent, 'firstByteMs')!;
  return {
    code: 'SERVER_SERIALIZES',
    mode: 'concurrent',
    message:
      `The server worked on about ${effective.toFixed(1)} ${effective < 1.05 ? 'request' : 'requests'} at once while ${inFlight.toFixed(1)} were in ` +
      `flight: concurrent requests waited ${growth.toFixed(1)}× as long for their first byte (median ` +
      `${formatMs(concurrentWaitMs)}, serial ${formatMs(serialWaitMs)}). No client goes faster ` +
      "than the server's own parallelism; the efficiency measures the server.",
    evidence: {
      effectiveConcurrency: round2(effective),
      meanInFlight: round2(inFlight),
      concurrentFirstByteMs: concurrentWaitMs,
      serialFirstByteMs: serialWaitMs,
      efficiency: comparison.efficiency,
    },
  };
}

function queueBound(
  concurrent: ModeSummary,
  serial: ModeSummary | undefined,
  options: ReportOptions,
): Diagnosis | null {
  const slots = options.concurrency;
  const urls = concurrent.urls.length;
  if (slots >= urls) return null;
  const inFlight = medianOf(concurrent.runs.map(meanInFlight));
  if (inFlight < BUSY_SLOTS * slots) return null;
  const queued = requestFigures(concurrent.runs, (r) => r.queuedMs);
  if (queued.length === 0) return null;
  const queuedMs = medianInPlace(queued);
  // What a larger limit would buy, by the ideal of the durations measured (serial ones when there are).
  const durations = medianDurations((serial ?? concurrent).urls);
  const atLimit = inOrderMakespanMs(durations, slots);
  const unlimited = inOrderMakespanMs(durations, urls);
  if (unlimited > QUEUE_GAIN * atLimit || atLimit - unlimited < QUEUE_GAIN_MS) return null;
  return {
    code: 'QUEUE_BOUND',
    mode: 'concurrent',
    message:
      `The limit of ${slots} ${slots === 1 ? 'request' : 'requests'} at a time set the pace: the slots stayed busy (${inFlight.toFixed(1)} in ` +
      `flight on average) and requests waited a median ${formatMs(queuedMs)} for one. With -c ${urls} ` +
      `the ideal would be ${formatMs(unlimited)} instead of ${formatMs(atLimit)}, if the server keeps up.`,
    evidence: {
      concurrency: slots,
      meanInFlight: round2(inFlight),
      medianQueuedMs: queuedMs,
      idealWallMs: atLimit,
      idealUnlimitedWallMs: unlimited,
      suggestedConcurrency: urls,
    },
  };
}

/**
 * Whether corofetch itself was the bottleneck: on the CPU for most of the wall time, or its event loop late
 * enough to delay requests. Judged only on runs of CLIENT_MIN_WALL_MS or more.
 */
export function clientWasBusy(cpuShare: number, loopDelayP99Ms: number): boolean {
  return cpuShare >= CLIENT_CPU_SHARE || loopDelayP99Ms >= CLIENT_LOOP_P99_MS;
}

function clientBound(mode: Mode, summary: ModeSummary): Diagnosis | null {
  const { client } = summary;
  if (client === null || summary.wallMs.median < CLIENT_MIN_WALL_MS) return null;
  const cpuShare = client.cpuMs / summary.wallMs.median;
  const lateMs = client.loopDelayMs?.p99 ?? 0;
  if (!clientWasBusy(cpuShare, lateMs)) return null;
  const late =
    client.loopDelayMs === null || lateMs < 1
      ? ''
      : ` and its event loop ran callbacks up to ${formatMs(lateMs)} late (p99)`;
  return {
    code: 'CLIENT_BOUND',
    mode,
    message:
      `corofetch itself was busy in the ${mode} runs: its process was on the CPU for ${formatShare(cpuShare)} of ` +
      `the wall time${late}. ` +
      'The figures measure this machine as much as the server: try a quieter machine' +
      (mode === 'concurrent' ? ', or a lower --concurrency.' : '.'),
    evidence: {
      cpuMs: client.cpuMs,
      wallMs: summary.wallMs.median,
      cpuShare: round2(cpuShare),
      loopDelayP99Ms: client.loopDelayMs?.p99 ?? null,
      loopDelayMaxMs: client.loopDelayMs?.max ?? null,
    },
  };
}

function idealExceeded(
  serial: ModeSummary,
  concurrent: ModeSummary,
  comparison: Comparison,
  options: ReportOptions,
): Diagnosis | null {
  const { efficiency } = comparison;
  if (efficiency === null || efficiency < IDEAL_EXCEEDED_AT) return null;
  // Per URL and round: how much faster the request was concurrently.
  const ratios: number[] = [];
  const rounds = Math.min(serial.runs.length, concurrent.runs.length);
  for (let r = 0; r < rounds; r++) {
    const other = concurrent.runs[r]!.results;
    let i = 0;
    for (const s of serial.runs[r]!.results) {
      const c = other.at(i++);
      if (c !== undefined && s.error === null && c.error === null && s.durationMs > 0 && c.durationMs > 0)
        ratios.push(s.durationMs / c.durationMs);
    }
  }
  const interval = logMeanInterval(ratios, IDEAL_EXCEEDED_CONFIDENCE);
  const faster = ratios.length === 0 ? 1 : geometricMean(ratios);
  if (interval === null || interval.low <= 1 || faster < FASTER_AT) return null;
  let serialRequests = 0;
  let reusedRequests = 0;
  for (const run of serial.runs) {
    for (const r of run.results) {
      serialRequests += 1;
      if (r.phases.reused === true) reusedRequests += 1;
    }
  }
  const reused = reusedRequests / Math.max(1, serialRequests);
  // Where the serial requests lost the time: waiting for the first byte, or receiving the body.
  const phases = (['firstByteMs', 'downloadMs'] as const).map((phase) => ({
    phase,
    serialMs: medianPhase(serial, phase),
    concurrentMs: medianPhase(concurrent, phase),
  }));
  const [lost] = phases
    .filter((p) => p.serialMs !== null && p.concurrentMs !== null)
    .sort((a, b) => b.serialMs! - b.concurrentMs! - (a.serialMs! - a.concurrentMs!));
  const where =
    lost === undefined
      ? ''
      : ` The serial requests lost the time ${lost.phase === 'firstByteMs' ? 'waiting for the first byte' : 'receiving the body'} ` +
        `(median ${formatMs(lost.serialMs!)}, concurrent ${formatMs(lost.concurrentMs!)}).`;
  // The cause each place points to: the body waiting on a reused connection is Nagle meeting delayed ACKs.
  const onReused = options.connections === 'reuse' && reused > 0.5;
  const causes = !onReused
    ? 'A cache warmed by the serial run, or a server faster under parallel load, can do that; compare with --warmup 1.'
    : lost?.phase === 'downloadMs'
      ? 'The serial loop reused one kept-alive connection while concurrent requests opened their own: a server that ' +
        'writes a response in several small writes can lose ~40 ms per request to Nagle and delayed ACKs on the reused ' +
        'one only. Compare with --connections fresh.'
      : 'The serial loop reused one kept-alive connection while concurrent requests opened their own: the server ' +
        'answered later on a connection it had served before (it may queue or pause requests per connection). ' +
        'A cache warmed by the serial run can do the same. Compare with --connections fresh.';
  return {
    code: 'IDEAL_EXCEEDED',
    mode: null,
    message:
      `The concurrent run beat the ideal (efficiency ${formatShare(efficiency)}): its requests were individually ` +
      `faster than the serial ones the ideal is built from (${faster.toFixed(2)}× per URL, geometric mean), so the ideal was ` +
      `no lower bound and the speedup overstates what concurrency bought.${where} ${causes}`,
    evidence: {
      efficiency,
      perUrlSpeedup: round2(faster),
      perUrlSpeedupLow: round2(interval.low),
      serialReusedShare: round2(reused),
      serialFirstByteMs: phases[0]!.serialMs,
      concurrentFirstByteMs: phases[0]!.concurrentMs,
      serialDownloadMs: phases[1]!.serialMs,
      concurrentDownloadMs: phases[1]!.concurrentMs,
      connections: options.connections,
    },
  };
}

// A diagnosis is a sentence written once, like a warning; these are the plain forms it needs.
function formatMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

function formatShare(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
