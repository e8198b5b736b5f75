import { Chalk } from 'chalk';
import type { ModeSelection } from '../core/types.js';
import type { Style } from '../reporters/style.js';
import type { DisplayFlags } from './options.js';
import type { CommandIo } from './io.js';

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

/** What the command's streams and environment say about where its output goes. */
export function terminalFacts(
  io: Pick<CommandIo, 'stdout' | 'stderr' | 'env'>,
): Pick<DisplayFacts, 'stdoutTTY' | 'stderrTTY' | 'env' | 'columns' | 'stderrColumns'> {
  return {
    stdoutTTY: io.stdout.isTTY === true,
    stderrTTY: io.stderr.isTTY === true,
    env: io.env,
    columns: io.stdout.columns,
    stderrColumns: io.stderr.columns,
  };
}

export interface DisplayFacts {
  stdoutTTY: boolean;
  stderrTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** stdout's width when it is a terminal. */
  columns: number | undefined;
  /** stderr's width when it is a terminal: the progress line is drawn there. */
  stderrColumns?: number | undefined;
  flags: DisplayFlags;
  mode: ModeSelection;
  urlCount: number;
  /** False with --json: stdout carries the JSON report and nothing else. */
  textReport: boolean;
}

export interface Display {
  /** Live progress on stderr. */
  progress: boolean;
  /** The lesson's live lines (`GET: URL`, `N bytes received from URL.`) on stdout. */
  eventLog: boolean;
  /** The waterfall in the text report. */
  timeline: boolean;
  /** Columns to draw the report in (stdout). */
  width: number;
  /** Columns every text line must fit: on a terminal, or when COLUMNS is set; a pipe gets lines whole, for grep. */
  fitWidth: number | undefined;
  /** The same for the warnings on stderr, which may be a terminal when stdout is not. */
  stderrFitWidth: number | undefined;
  /** Columns of the terminal the progress line is drawn on (stderr), which stdout may not be. */
  progressWidth: number;
  /** Unicode blocks, or the ASCII fallback. */
  unicode: boolean;
}

const TIMELINE_DEFAULT_MAX_URLS = 40;

/**
 * What the text report may draw, decided once. Progress only on a terminal stderr and never under CI
 * (CI logs keep every redraw); --progress forces it, --no-progress stops it. The live lines belong to a
 * full text report (not --json, not --quiet). The timeline is on by default for `both` on a terminal with
 * at most 40 URLs. Width from COLUMNS, else the terminal, else 100 (also when the terminal says 0); never
 * under 40.
 */
export function decideDisplay(facts: DisplayFacts): Display {
  const { flags, env } = facts;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  const progress = flags.progress ?? (facts.stderrTTY && !ci && env.TERM !== 'dumb');
  const fullText = facts.textReport && !flags.quiet;
  const timelineByDefault = facts.mode === 'both' && facts.stdoutTTY && facts.urlCount <= TIMELINE_DEFAULT_MAX_URLS;
  const fromEnv = Number(env.COLUMNS);
  // A pty that reports 0 columns (a CI runner's, a container's) knows no width: the fallback, not 40.
  const widthOf = (columns: number | undefined): number =>
    Math.max(
      40,
      Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : columns !== undefined && columns > 0 ? columns : 100,
    );
  const unicode = !flags.ascii && env.TERM !== 'dumb';
  return {
    progress,
    eventLog: fullText,
    timeline: fullText && (flags.timeline ?? timelineByDefault),
    width: widthOf(facts.columns),
    fitWidth: facts.stdoutTTY || (Number.isInteger(fromEnv) && fromEnv > 0) ? widthOf(facts.columns) : undefined,
    stderrFitWidth:
      facts.stderrTTY || (Number.isInteger(fromEnv) && fromEnv > 0)
        ? widthOf(facts.stderrColumns ?? facts.columns)
        : undefined,
    progressWidth: widthOf(facts.stderrColumns ?? facts.columns),
    unicode,
  };
}
