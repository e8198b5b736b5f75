import { describe, expect, it } from 'vitest';
import { decideStyle } from '../../src/cli/terminal.js';

describe('decideStyle', () => {
  it.each([
    [{ isTTY: true, env: {}, colorFlag: true }, true],
    [{ isTTY: false, env: {}, colorFlag: true }, false],
    [{ isTTY: true, env: {}, colorFlag: false }, false],
    [{ isTTY: true, env: { NO_COLOR: '1' }, colorFlag: true }, false],
    [{ isTTY: true, env: { NO_COLOR: '' }, colorFlag: true }, true],
    [{ isTTY: true, env: { TERM: 'dumb' }, colorFlag: true }, false],
    [{ isTTY: false, env: { FORCE_COLOR: '1' }, colorFlag: true }, true],
    [{ isTTY: false, env: { FORCE_COLOR: '0' }, colorFlag: true }, false],
  ])('%j → colour %s', (facts, color) => {
    const style = decideStyle(facts);
    expect(style.color).toBe(color);
    expect(style.chalk.red('x') === 'x').toBe(!color);
  });
});
