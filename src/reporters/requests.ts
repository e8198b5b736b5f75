import type { FetchResult, Mode, Report } from '../core/types.js';
import { modesIn } from './format.js';

/** One request of one measured round of one mode: what --ndjson and --csv write a line for. */
interface RequestRow {
  mode: Mode;
  /** The round, from 1. */
  run: number;
  result: FetchResult;
}

function* rowsOf(report: Report): Generator<RequestRow> {
  for (const mode of modesIn(report)) {
    const runs = report.modes[mode]!.runs;
    for (let r = 0; r < runs.length; r++) for (const result of runs[r]!.results) yield { mode, run: r + 1, result };
  }
}

/**
 * One JSON object per line (ndjson.org), written in chunks, per request per measured round per mode, in the order the JSON
 * report lists them: for tools that take a request at a time (jq -c, DuckDB, pandas.read_json(lines=True)).
 */
export function renderNdjson(report: Report): Iterable<string> {
  return inChunks(ndjsonLines(report), '\n');
}

function* ndjsonLines(report: Report): Generator<string> {
  for (const row of rowsOf(report)) {
    yield JSON.stringify({ ...requestFields(row), phases: row.result.phases, error: row.result.error });
  }
}

/** The fields of a request row both --ndjson and --csv write first, in their order. */
function requestFields({ mode, run, result: r }: RequestRow) {
  return {
    mode,
    run,
    url: r.url,
    status: r.status,
    bytes: r.bytes,
    decodedBytes: r.decodedBytes,
    httpVersion: r.httpVersion,
    startMs: r.startMs,
    durationMs: r.durationMs,
    queuedMs: r.queuedMs,
    ttfbMs: r.ttfbMs,
  };
}

/** Rows per chunk written: a million requests are never one string (V8 caps a string near 512 MB). */
const CHUNK_ROWS = 2_000;

/** Lines joined a chunk of CHUNK_ROWS at a time, each ended by `end`. */
function* inChunks(lines: Iterable<string>, end: string): Generator<string> {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === CHUNK_ROWS) {
      yield `${chunk.join(end)}${end}`;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield `${chunk.join(end)}${end}`;
}

/** The CSV columns, in order: the ndjson fields with the phases and the error flattened. */
const CSV_COLUMNS = [
  'mode',
  'run',
  'url',
  'status',
  'bytes',
  'decodedBytes',
  'httpVersion',
  'startMs',
  'durationMs',
  'queuedMs',
  'ttfbMs',
  'dnsMs',
  'connectMs',
  'tlsMs',
  'firstByteMs',
  'downloadMs',
  'reused',
  'errorCode',
  'errorMessage',
] as const;

/**
 * The same rows as --ndjson as CSV (RFC 4180: a header line, CRLF line ends, a field with a comma, quote
 * or line break in double quotes, quotes doubled); an absent value is an empty field.
 */
export function renderCsv(report: Report): Iterable<string> {
  return inChunks(csvLines(report), '\r\n');
}

function* csvLines(report: Report): Generator<string> {
  yield CSV_COLUMNS.join(',');
  for (const row of rowsOf(report)) {
    const r = row.result;
    const values: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> = {
      ...requestFields(row),
      dnsMs: r.phases.dnsMs,
      connectMs: r.phases.connectMs,
      tlsMs: r.phases.tlsMs,
      firstByteMs: r.phases.firstByteMs,
      downloadMs: r.phases.downloadMs,
      reused: r.phases.reused,
      errorCode: r.error?.code ?? null,
      errorMessage: r.error?.message ?? null,
    };
    yield CSV_COLUMNS.map((column) => csvField(values[column])).join(',');
  }
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
