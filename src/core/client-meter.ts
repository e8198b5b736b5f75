import { monitorEventLoopDelay } from 'node:perf_hooks';
import { roundMs } from './time.js';
import type { ClientResources } from './types.js';

/** The event-loop delay monitor's sampling interval; its samples include it, so it is taken off. */
const LOOP_RESOLUTION_MS = 10;
/** How often the resident set size is read for its peak: memoryUsage.rss() is one cheap system call. */
const RSS_SAMPLE_MS = 20;

export interface ClientMeter {
  /** Stops measuring and returns what this process used while it ran; later calls return the same. */
  stop(): ClientResources;
}

/**
 * What corofetch's own process spent while a run ran: CPU time (user and system, all threads), how late
 * its event loop was (perf_hooks' delay monitor: a loop late by tens of milliseconds delays every
 * callback, so timings measure this machine, not the server), and its peak resident memory.
 */
export function startClientMeter(): ClientMeter {
  const cpuAtStart = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS).unref();
  let measured: ClientResources | null = null;
  return {
    stop() {
      if (measured !== null) return measured;
      clearInterval(sampler);
      loop.disable();
      const cpu = process.cpuUsage(cpuAtStart);
      const late = (ns: number): number => roundMs(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));
      measured = {
        cpuMs: roundMs((cpu.user + cpu.system) / 1000),
        loopDelayMs:
          loop.count === 0
            ? null
            : { p50: late(loop.percentile(50)), p99: late(loop.percentile(99)), max: late(loop.max) },
        peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
      };
      return measured;
    },
  };
}
