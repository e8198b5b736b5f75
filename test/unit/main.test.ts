import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cli/main.js';
import { InputError } from '../../src/core/errors.js';
import { STACK_LINE } from '../helpers/cli.js';

describe('describeFailure', () => {
  it('prints a known error as one line with its exit code', () => {
    expect(describeFailure(new InputError('urls.txt: no URLs found'), false)).toEqual({
      text: 'corofetch: urls.txt: no URLs found\n',
      exitCode: 2,
    });
  });

  it('prints a bug as one line and a pointer to --debug, exit 70', () => {
    const { text, exitCode } = describeFailure(new TypeError('x is undefined'), false);
    expect(text).toBe('corofetch: internal error: x is undefined\nrun with --debug for details\n');
    expect(exitCode).toBe(70);
  });

  it('shows the stack only with --debug', () => {
    expect(describeFailure(new TypeError('x is undefined'), true).text).toMatch(STACK_LINE);
    expect(describeFailure('thrown string', true).text).toBe(
      'corofetch: internal error: thrown string\nrun with --debug for details\n',
    );
  });
});
