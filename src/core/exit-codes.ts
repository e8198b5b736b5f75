/**
 * Every exit code corofetch can end with: the one table the CLI, its help text and the README agree on.
 * verdict.ts decides between them when several apply.
 */
export const EXIT = {
  OK: 0,
  REQUEST_FAILED: 1,
  USAGE: 2,
  THRESHOLD: 3,
  /** A bug in corofetch itself (sysexits.h EX_SOFTWARE), so CI can tell it from a failing endpoint. */
  INTERNAL: 70,
  /** 128 + the signal's number, as shells report a process the signal ended. */
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/** The signals that stop a run and keep what it measured. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';
