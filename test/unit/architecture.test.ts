import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Which top-level folders each folder may import from (dependencies point inward). */
const ALLOWED: Record<string, string[]> = {
  cli: ['cli', 'core', 'reporters', 'fixture-server'],
  reporters: ['reporters', 'core'],
  core: ['core'],
  'fixture-server': ['fixture-server'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('module layout', () => {
  const files = sourceFiles(SRC);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))('%s imports only inward', (name, file) => {
    const folder = name.split('/')[0]!;
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const target = relative(SRC, join(file, '..', specifier!)).split('/')[0]!;
      expect(ALLOWED[folder], `${name} imports ${specifier}`).toContain(target);
    }
  });

  it('reporters import only types from core, and the report schema’s own constants (core/types.ts)', () => {
    for (const file of files.filter((f) => relative(SRC, f).startsWith('reporters/'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(SRC, file)).not.toMatch(/^import (?!type )[^'"]*from '\.\.\/core\/(?!types\.js')/m);
    }
  });

  it('keeps core/types.ts free of logic: types and constants only', () => {
    const text = readFileSync(join(SRC, 'core/types.ts'), 'utf8');
    expect(text).not.toMatch(/^export (async )?function /m);
    expect(text).not.toMatch(/^import (?!type )/m);
  });

  it('never spreads a list into call arguments, which overflows the stack past ~120,000 items (issue 17)', () => {
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), relative(SRC, file)).not.toMatch(
        /\b(push|unshift|splice|max|min|fromCharCode|apply|call|concat)\((?:[^(){}[\]]*,\s*)?\.\.\./,
      );
    }
  });

  it('touches the process only in cli/', () => {
    for (const file of files.filter((f) => !relative(SRC, f).startsWith('cli/'))) {
      expect(readFileSync(file, 'utf8'), relative(SRC, file)).not.toMatch(
        /process\.(argv|env|exit|stdout|stderr|stdin|on)\b/,
      );
    }
  });
});
