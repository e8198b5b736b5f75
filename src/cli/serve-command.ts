import { InputError } from '../core/errors.js';
import { FIXTURE_CA_FILE, startFixtureServer } from '../fixture-server/server.js';
import { parseServeOptions, type RawServeFlags } from './options.js';
import type { CommandIo } from './io.js';

/** `corofetch serve`: base URL as the first stdout line, then serve until SIGINT or SIGTERM. */
export async function executeServe(flags: RawServeFlags, io: CommandIo): Promise<number> {
  const options = parseServeOptions(flags);
  const { interruption } = io;
  interruption.next = 'stopping the server';
  const stopped = new Promise<void>((resolve) => {
    if (interruption.signal.aborted) resolve();
    else interruption.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const server = await startFixtureServer(options).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') {
      throw new InputError(
        `port ${options.port} on ${options.host} is in use; choose another with --port (0 picks a free one)`,
      );
    }
    throw new InputError(`cannot listen on ${options.host}:${options.port}: ${err.message}`);
  });
  io.stdout.write(`${server.url}\n`);
  const protocols = options.http2
    ? options.tls
      ? 'HTTP/2 and HTTP/1.1'
      : 'HTTP/2 (h2c, prior knowledge only)'
    : 'HTTP/1.1';
  const limit = options.maxInFlight === null ? '' : `, at most ${options.maxInFlight} at once`;
  io.stderr.write(
    `serving GET ${server.url}page?bytes=N&delay=MS&status=CODE over ${protocols}${limit}; stop with Ctrl-C\n`,
  );
  if (options.tls) io.stderr.write(`its certificate is signed by ${FIXTURE_CA_FILE}: pass --ca with that file\n`);
  await stopped;
  await server.close();
  io.stderr.write(`stopped on ${interruption.received()}\n`);
  return 0;
}
