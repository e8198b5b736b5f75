import { CommanderError } from 'commander';
import { CorofetchError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { printable } from '../reporters/printable.js';
import { buildProgram, type Invocation } from './program.js';
import { readVersion } from './version.js';
import type { CommandIo } from './io.js';
import { type Interruption, interruptOnSignals } from './signals.js';

/**
 * The one place that touches the process: argv in, streams handed down, exit code out. Errors end here as
 * one line on stderr; a stack trace only with --debug. Sets process.exitCode instead of calling
 * process.exit(), which could cut off a report still being written to a pipe.
 */
export async function main(argv: readonly string[]): Promise<void> {
  // First of all: a signal that comes while modules still load must find corofetch listening.
  const interruption = interruptOnSignals(process.stderr);
  const debug = argv.includes('--debug');
  // `corofetch … | head -1`: a reader that leaves early is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  try {
    process.exitCode = await dispatch(argv, interruption);
  } catch (err) {
    const { text, exitCode } = describeFailure(err, debug);
    process.stderr.write(text);
    process.exitCode = exitCode;
  }
  // The handlers stay until the process ends: a signal while it winds down (stdout still draining) must
  // not kill it by Node's default action and lose the exit code the command decided.
}

async function dispatch(argv: readonly string[], interruption: Interruption): Promise<number> {
  const version = readVersion();
  let invocation: Invocation | undefined;
  const program = buildProgram(
    version,
    { writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) },
    (asked) => (invocation = asked),
  );
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    // commander has already printed its message (or the help); only the exit code is left to decide.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    throw err;
  }
  if (invocation === undefined) return EXIT.OK;

  const io: CommandIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    version,
    interruption,
  };
  // Loaded on demand so `--version` and `--help` do not pay for undici, chalk and cli-table3.
  switch (invocation.command) {
    case 'compare':
      return (await import('./compare-command.js')).executeCompare(invocation.inputs, invocation.flags, io);
    case 'demo':
      return (await import('./compare-command.js')).executeDemo(invocation.flags, io);
    case 'serve':
      return (await import('./serve-command.js')).executeServe(invocation.flags, io);
    case 'sweep':
      return (await import('./sweep-command.js')).executeSweep(invocation.inputs, invocation.flags, io);
  }
}

/**
 * What an error that ended the run prints, and the exit code: one line for a known error; for anything
 * else (a bug) one line plus a pointer to --debug, or the stack with --debug.
 */
export function describeFailure(err: unknown, debug: boolean): { text: string; exitCode: number } {
  if (err instanceof CorofetchError) {
    const stack = debug && err.stack !== undefined ? `${err.stack}\n` : '';
    return { text: `corofetch: ${printable(err.message)}\n${stack}`, exitCode: err.exitCode };
  }
  const message = printable(err instanceof Error ? err.message : String(err));
  const detail =
    debug && err instanceof Error && err.stack !== undefined ? `${err.stack}\n` : 'run with --debug for details\n';
  return { text: `corofetch: internal error: ${message}\n${detail}`, exitCode: EXIT.INTERNAL };
}
