import { Chalk } from 'chalk';
import type { Style } from '../reporters/style.js';

export interface TerminalFacts {
  /** Whether the stream the report goes to is a terminal. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** False after --no-color. */
  colorFlag: boolean;
}

/**
 * Colour only for a person at a terminal: never in a pipe or file, never after --no-color, NO_COLOR
 * (no-color.org: any non-empty value) or TERM=dumb; FORCE_COLOR (chalk's convention) overrides the TTY test.
 */
export function decideStyle({ isTTY, env, colorFlag }: TerminalFacts): Style {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color =
    colorFlag && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb' && (isTTY || forced);
  return { chalk: new Chalk({ level: color ? 1 : 0 }), color };
}
