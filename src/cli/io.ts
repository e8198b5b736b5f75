import type { Interruption } from './signals.js';

/** The process streams and environment, handed down by main.ts so no other module reaches for globals. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  version: string;
  /** SIGINT and SIGTERM, caught from the process's first step. */
  interruption: Interruption;
}
