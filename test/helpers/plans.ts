import { parseRunOptions } from '../../src/cli/options.js';
import { type FetchContext, type RequestOptions, startRunContext } from '../../src/core/fetch-one.js';
import { type ConnectionOptions, createRunPool } from '../../src/core/http.js';
import type { ScheduleOptions, SessionPlan } from '../../src/core/session.js';
import type { ReadList } from '../../src/core/result-columns.js';
import type { FetchTarget } from '../../src/core/types.js';

/** The CLI's defaults, as the engine takes them: read from the option parser, not copied. */
const defaults = parseRunOptions({}, 'test');

export const REQUEST: RequestOptions = defaults.request;

export function connectionOptions(overrides: Partial<ConnectionOptions> = {}): ConnectionOptions {
  const { caFiles: _caFiles, ...connection } = defaults.connection;
  return { ...connection, extraCaPem: [], proxy: null, ...overrides };
}

/** A fetch context on a pool of its own; destroy() ends the pool and its connections. */
export function fetchContext(
  connectionsPerOrigin: number,
  request: Partial<RequestOptions> = {},
  connection: Partial<ConnectionOptions> = {},
): FetchContext & { destroy(): Promise<void> } {
  const pool = createRunPool(connectionOptions(connection), connectionsPerOrigin);
  return { ...startRunContext({ ...REQUEST, ...request }, pool.dispatcher), destroy: pool.destroy };
}

export function sessionPlan(
  targets: ReadList<FetchTarget>,
  schedule: Partial<ScheduleOptions> = {},
  request: Partial<RequestOptions> = {},
): SessionPlan {
  return {
    targets,
    schedule: { ...defaults.schedule, ...schedule },
    request: { ...REQUEST, ...request },
    connection: connectionOptions(),
  };
}
