import { Chalk, type ChalkInstance } from 'chalk';

/** How to dress text, decided once by cli/terminal.ts; reporters never look at the terminal themselves. */
export interface Style {
  /** A chalk instance at level 0 when colour is off, so reporters call it unconditionally. */
  chalk: ChalkInstance;
  color: boolean;
}

/** No colour: for text that goes to a machine (annotations, files). */
export const PLAIN: Style = { chalk: new Chalk({ level: 0 }), color: false };
