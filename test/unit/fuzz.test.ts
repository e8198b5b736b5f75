/**
 * Issue 17: property-based tests of every input boundary. Arbitrary strings and bytes go in; the only
 * allowed outcomes are a value or a usage/input error whose message is one short line. Seeded, so a
 * failure repeats; fast-check shrinks it to a minimal case, which then becomes a unit test of its own.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBaseline } from '../../src/cli/inputs.js';
import { parseRunOptions, type RawRunFlags } from '../../src/cli/options.js';
import { type CorofetchError, InputError, UsageError } from '../../src/core/errors.js';
import { redactText } from '../../src/core/redact.js';
import { METRIC_NAMES, parseThreshold } from '../../src/core/thresholds.js';
import { parseUrlList } from '../../src/core/url-list.js';
import { buildReport } from '../../src/core/report.js';
import { reportInput, result, runRecord } from '../helpers/results.js';

const SEED = 17_2026;
const settings = { seed: SEED, numRuns: 400 };

/** A message fit for one line of stderr: no line break, no stack, not a wall of text. */
function expectOneLine(message: string): void {
  expect(message).not.toMatch(/\n/);
  expect(message.length).toBeLessThan(400);
}

/** Runs `f`; it must return, or throw one of the `allowed` error classes with a one-line message. */
function valueOrError<T>(f: () => T, ...allowed: Array<new (...args: never[]) => CorofetchError>): T | null {
  try {
    return f();
  } catch (err) {
    if (!allowed.some((kind) => err instanceof kind)) throw err;
    expectOneLine((err as Error).message);
    return null;
  }
}

// Strings a URL list or a flag might hold: any text, text near URLs, and control and bidi characters.
const hostileChar = fc.constantFrom(
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\r',
  '\t',
  ' ',
);
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.oneof(fc.constantFrom(...'%:/@?#&;=[]'), hostileChar, fc.string({ minLength: 1, maxLength: 1 })),
    maxLength: 120,
  }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.webUrl(), fc.string({ maxLength: 20 })).map(([url, tail]) => `${url}${tail}`),
);

describe('the URL-list parser', () => {
  it('turns any text into URLs and numbered one-line problems, never a throw', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, end) => {
        const list = parseUrlList(lines.join(end));
        for (const target of list.targets) expect(['http:', 'https:']).toContain(new URL(target.href).protocol);
        for (const problem of list.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lines.length);
          expectOneLine(problem.reason);
          expect(problem.reason).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
        }
        expect(list.invalid).toBeGreaterThanOrEqual(list.problems.length);
      }),
      settings,
    );
  });

  it('reads arbitrary bytes decoded as UTF-8 the same way', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const list = parseUrlList(Buffer.from(bytes).toString('utf8'));
        for (const problem of list.problems) expectOneLine(problem.reason);
      }),
      settings,
    );
  });

  it('masks secrets in linear time, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(';', '=', '&', '?', '/', '@', 'a', ' '), maxLength: 20_000 }),
        (text) => {
          const started = performance.now();
          redactText(text);
          expect(performance.now() - started).toBeLessThan(250);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});

// Flag values as commander could hand them over: absent, arbitrary text, or near a valid value.
const flagText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -5, max: 100_000 }).map(String),
  fc.double().map(String),
  fc.constantFrom('', ' ', '0', '1', '10M', '1e3', 'NaN', 'Infinity', '9'.repeat(400), '-1', '0x10', ' 5 '),
);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const rawFlags: fc.Arbitrary<RawRunFlags> = fc.record(
  {
    mode: optional(fc.oneof(flagText, fc.constantFrom('serial', 'concurrent', 'both'))),
    concurrency: optional(flagText),
    timeout: optional(flagText),
    runs: optional(flagText),
    warmup: optional(flagText),
    connectTimeout: optional(flagText),
    maxBytes: optional(flagText),
    maxRedirects: optional(flagText),
    retries: optional(flagText),
    minSpeedup: optional(flagText),
    maxRegression: optional(flagText),
    baseline: optional(flagText),
    output: optional(flagText),
    markdown: optional(flagText),
    html: optional(flagText),
    table: optional(fc.oneof(flagText, fc.constantFrom('auto', 'all'))),
    inconclusive: optional(fc.oneof(flagText, fc.constantFrom('pass', 'fail'))),
    header: optional(
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}: ${b}`),
        ),
        { maxLength: 4 },
      ),
    ),
    threshold: optional(fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 })),
    ca: optional(fc.array(flagText, { maxLength: 2 })),
    json: optional(fc.boolean()),
    quiet: optional(fc.boolean()),
  },
  { requiredKeys: [] },
);

describe('option parsing', () => {
  it('gives a frozen value or a one-line usage error for any flags', () => {
    fc.assert(
      fc.property(rawFlags, (flags) => {
        const options = valueOrError(() => parseRunOptions(flags, '0.0.0'), UsageError);
        if (options === null) return;
        expect(Object.isFrozen(options)).toBe(true);
        const { concurrency, runs, warmup } = options.schedule;
        for (const count of [concurrency, runs, warmup, options.request.timeoutMs, options.request.retries]) {
          expect(Number.isSafeInteger(count)).toBe(true);
        }
        for (const spec of options.gates.thresholds) expect(Number.isFinite(spec.limit)).toBe(true);
      }),
      settings,
    );
  });
});

describe('threshold expressions', () => {
  const nearValid = fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...METRIC_NAMES),
        fc.constantFrom('constructor', '__proto__', 'toString', 'SPEEDUP'),
        fc.string({ maxLength: 12 }),
      ),
      fc.constantFrom('<', '<=', '>', '>=', '==', '=>', '=', '!='),
      fc.oneof(flagText, fc.double().map(String)),
      fc.constantFrom('', ' ', '  '),
    )
    .map(([metric, op, number, space]) => `${metric}${space}${op}${space}${number}`);

  it('gives a spec with a finite limit or a one-line usage error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), nearValid), (text) => {
        const spec = valueOrError(() => parseThreshold(text), UsageError);
        if (spec === null) return;
        expect(METRIC_NAMES).toContain(spec.metric);
        expect(Number.isFinite(spec.limit)).toBe(true);
        // What the report prints parses back to the same threshold.
        expect(parseThreshold(spec.expr)).toEqual(spec);
      }),
      settings,
    );
  });
});

describe('baseline loading', () => {
  const folder = join(tmpdir(), `corofetch-fuzz-${process.pid}`);
  const url = 'http://127.0.0.1:8750/page?i=0';
  // A valid report of one URL, as corofetch writes them (schemaVersion 2).
  const valid = JSON.parse(
    JSON.stringify(buildReport(reportInput({ serial: [runRecord(10, [result({ url })])] }, { urls: [url] }))),
  ) as Record<string, unknown>;

  /** The valid report with one value, anywhere in it, replaced by arbitrary JSON. */
  const mutated = fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([pick, value]) => {
    const copy = structuredClone(valid) as Record<string, unknown>;
    const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, Array.isArray(node) ? Number(key) : key]);
        walk((node as Record<string, unknown>)[key]);
      }
    };
    walk(copy);
    const [parent, key] = slots[pick % slots.length]!;
    (parent as Record<string | number, unknown>)[key] = value;
    return copy;
  });

  it(
    'gives a baseline or a one-line input error for any JSON, checked against the schema',
    { timeout: 90_000 },
    async () => {
      let case_ = 0;
      mkdirSync(folder, { recursive: true });
      try {
        await fc.assert(
          fc.asyncProperty(fc.oneof(mutated, fc.jsonValue({ maxDepth: 3 })), async (json) => {
            const file = join(folder, `b${case_++}.json`);
            writeFileSync(file, JSON.stringify(json), { flag: 'w' });
            const read = await readBaseline(file, [url]).catch((err: unknown) => {
              if (!(err instanceof InputError)) throw err;
              expectOneLine(err.message);
              return null;
            });
            if (read === null) return;
            for (const summary of Object.values(read.report.modes)) {
              for (const ms of [...summary.wallSamples, ...summary.urlMedianMs]) expect(Number.isFinite(ms)).toBe(true);
            }
            expect(typeof read.report.version).toBe('string');
          }),
          { seed: SEED, numRuns: 200 },
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
