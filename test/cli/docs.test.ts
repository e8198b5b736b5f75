/**
 * Issue 19: what the docs show, the tool does. Every command in a fenced `sh` block of README.md and
 * docs/*.md runs here against the fixture server (its URL list swapped for a local one), and every other
 * block is either compared with a real run — numbers masked — or declared not to be an output, with a
 * reason, in a `<!-- doctest: … -->` line right above it. A claim that changes breaks the build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, STACK_LINE } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const workspace = useWorkspace();

interface Block {
  file: string;
  line: number;
  language: string;
  /** What the `<!-- doctest: … -->` line above it says; null without one. */
  directive: string | null;
  text: string;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const end = lines.indexOf('```', i + 1);
    const directive = /^<!-- doctest: (.*) -->$/.exec(lines[i - 1] ?? '')?.[1] ?? null;
    blocks.push({ file, line: i + 1, language: open[1]!, directive, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

const blocks = DOCS.flatMap(blocksOf);

/** The commands of an `sh` block: `\` continuations joined, `a && b` split, comments and blank lines dropped. */
function commandsOf(block: Block): string[] {
  return block.text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => line.split(' && '));
}

// Commands of the set-up that this suite cannot run inside itself: CI (.ci/run) runs them.
const RUN_BY_CI = /^npm (install|ci|test)\b|^npm run bench\b/;

let shim: string;
let cwd: string;
beforeAll(async () => {
  // A `corofetch` on PATH that is this checkout's, and a folder with the files the examples name.
  shim = join(workspace.temp.path, 'bin');
  mkdirSync(shim);
  writeFileSync(join(shim, 'corofetch'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shim, 'corofetch'), 0o755);
  cwd = join(workspace.temp.path, 'cwd');
  mkdirSync(join(cwd, 'fixtures'), { recursive: true });
  const list = [1, 2, 3, 4].map((i) => `${workspace.baseUrl}page?delay=100&bytes=${1000 * i}&i=${i}`).join('\n');
  writeFileSync(join(cwd, 'urls.txt'), `${list}\n`);
  // The lesson's real sites need the internet; the example runs on local pages of the same list shape.
  writeFileSync(join(cwd, 'fixtures', 'gevent-sites.txt'), `${list}\n`);
  const baseline = await shell('corofetch urls.txt --json -o main.json');
  expect(baseline.code).toBe(0);
}, 60_000);

interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one documented command line in bash, as a user would type it, with local stand-ins for the web. */
function shell(command: string, untilFirstLine = false): Promise<ShellResult> {
  const local = command
    .replaceAll('https://example.com/', `${workspace.baseUrl}page?site=example.com`)
    .replaceAll('https://example.org/', `${workspace.baseUrl}page?site=example.org`)
    .replace(/^npm run demo\b/, 'corofetch demo')
    .replace(/--port 8750\b/, '--port 0');
  const child: ChildProcess = spawn('bash', ['-c', local], {
    cwd,
    env: {
      ...process.env,
      PATH: `${shim}:${process.env.PATH}`,
      FORCE_COLOR: undefined,
      NO_COLOR: undefined,
      GITHUB_ACTIONS: undefined,
      GITHUB_STEP_SUMMARY: undefined,
      GITHUB_OUTPUT: undefined,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // A server runs until stopped: once it has said where it listens, stop it as a user would.
    if (untilFirstLine && stdout.includes('\n')) child.kill('SIGINT');
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Text with what changes run to run made alike: numbers, bar lengths, padding. */
function masked(text: string): string[] {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/\d[\d,.]*/g, '#')
        .replace(/[░█]+/g, '▒')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => line !== '');
}

/** Whether `part` appears in `whole` as consecutive lines. */
function containsLines(whole: string[], part: string[]): boolean {
  return whole.some((_, start) => part.every((line, i) => whole[start + i] === line));
}

describe('the docs’ examples (issue 19)', () => {
  it('finds blocks to check, and every block is run, compared, or says why not', () => {
    expect(blocks.filter((b) => b.language === 'sh').length).toBeGreaterThanOrEqual(2);
    const unclassified = blocks.filter((b) => b.language !== 'sh' && b.directive === null);
    expect(unclassified.map((b) => `${b.file}:${b.line}`)).toEqual([]);
  });

  const commands = blocks
    .filter((b) => b.language === 'sh')
    .flatMap((b) => commandsOf(b).map((command) => ({ where: `${b.file}:${b.line}`, command })));

  it.each(commands.filter(({ command }) => !RUN_BY_CI.test(command)))(
    '$where: $command',
    { timeout: 60_000 },
    async ({ command }) => {
      const gated = /--(min-speedup|threshold|max-regression)\b/.test(command);
      const result = await shell(command, / serve\b/.test(command));
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(gated ? [0, 3] : [0]).toContain(result.code);
      expect(result.stdout).not.toBe('');
    },
  );

  it('leaves to CI only the set-up commands it runs itself', () => {
    const skipped = commands.filter(({ command }) => RUN_BY_CI.test(command)).map(({ command }) => command);
    expect(skipped).toEqual(expect.arrayContaining([expect.stringMatching(/^npm test/)]));
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    // The global install is tried from a packed tarball by the package test, which CI runs.
    const packageTest = readFileSync(join(ROOT, 'test/cli/package.test.ts'), 'utf8');
    for (const command of skipped) {
      if (command.startsWith('npm install -g')) expect(packageTest).toMatch(/'install',\s+'--global'/);
      else
        expect(ci).toContain(command.startsWith('npm install') ? 'npm ci' : command.split(' ').slice(0, 3).join(' '));
    }
  });

  const outputs = blocks.filter((b) => b.directive?.startsWith('output of '));
  it.each(outputs.map((b) => ({ where: `${b.file}:${b.line}`, block: b })))(
    '$where shows what a real run prints',
    { timeout: 60_000 },
    async ({ block }) => {
      const result = await shell(block.directive!.slice('output of '.length));
      expect(result.code).toBe(0);
      const shown = masked(block.text);
      expect(containsLines(masked(result.stdout), shown), `${shown.join('\n')}\n---\n${result.stdout}`).toBe(true);
    },
  );

  const keyed = blocks.filter((b) => b.directive?.startsWith('keys of '));
  it.each(keyed.map((b) => ({ where: `${b.file}:${b.line}`, block: b })))(
    '$where names only keys a real report has',
    { timeout: 180_000 },
    async ({ block }) => {
      const keys = new Set<string>();
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(collect);
        else if (typeof value === 'object' && value !== null) {
          for (const [key, inner] of Object.entries(value)) {
            keys.add(key);
            collect(inner);
          }
        }
      };
      const documented = [...block.text.matchAll(/"([A-Za-z]\w*)":/g)].map((m) => m[1]!);
      expect(documented.length).toBeGreaterThan(20);
      // A key some runs have and others not (a warning when the gate's interval straddles its limit, which
      // depends on the machine's noise) counts once any of three runs has it.
      for (let run = 0; run < 3 && documented.some((key) => !keys.has(key)); run++) {
        collect(JSON.parse((await shell(block.directive!.slice('keys of '.length))).stdout));
      }
      expect(documented.filter((key) => !keys.has(key))).toEqual([]);
    },
  );
});
