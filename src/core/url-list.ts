import { redactText, redactUrl } from './redact.js';
import { TargetList } from './target-list.js';
import type { FetchTarget } from './types.js';

/**
 * What a URL list may hold, checked line by line while it is read, so that a wrong file (a binary,
 * /dev/zero, a 1 GB log) ends with a clear message instead of exhausting memory.
 */
export const LIST_LIMITS = {
  /** Characters in one line: far above any URL a server accepts (browsers stop near 2 MB, servers at 8–64 kB). */
  lineChars: 65_536,
  /** URLs in all inputs together. */
  urls: 2_000_000,
  /** Bad lines quoted one by one; the rest are counted. */
  shownProblems: 20,
} as const;

/** A line of the list that cannot be fetched, numbered from 1 as editors number them. */
export interface UrlListProblem {
  line: number;
  reason: string;
}

export interface UrlList {
  targets: TargetList;
  /** The first LIST_LIMITS.shownProblems bad lines; `invalid` counts them all. */
  problems: UrlListProblem[];
  invalid: number;
  /** Line numbers of URLs that an earlier line already lists; they stay in targets and are fetched. */
  duplicates: number[];
}

/** What one line of a list is: nothing (blank, comment), a URL, or a problem. */
export type ParsedLine = { kind: 'skip' } | { kind: 'url'; target: FetchTarget } | { kind: 'problem'; reason: string };

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);
const SHOWN_CHARS = 60;
const SKIP: ParsedLine = { kind: 'skip' };

/**
 * One line of a URL list: surrounding whitespace (and a CR of a CRLF line end) ignored, blank lines and
 * lines starting with `#` skipped, anything else must be one http(s) URL.
 */
export function parseUrlLine(raw: string): ParsedLine {
  const entry = raw.trim();
  if (entry === '' || entry.startsWith('#')) return SKIP;
  if (entry.length > LIST_LIMITS.lineChars) {
    return { kind: 'problem', reason: `longer than ${LIST_LIMITS.lineChars.toLocaleString('en-US')} characters` };
  }
  const parsed = parseEntry(entry);
  return typeof parsed === 'string' ? { kind: 'problem', reason: parsed } : { kind: 'url', target: targetOf(parsed) };
}

function targetOf(url: URL): FetchTarget {
  const { href } = url;
  const label = redactUrl(url);
  // Most URLs carry no secret: one string then serves as both.
  return { href, label: label === href ? href : label };
}

/**
 * Collects a list line by line, as it is read: targets in order, the first bad lines, duplicates. Line
 * numbers count every line, blank and comment lines included.
 */
export class UrlListBuilder {
  readonly list: UrlList;
  private line = 0;
  private readonly seen = new Set<string>();

  /** `targets` receives the list's URLs (a list read after others adds to theirs); a new list by default. */
  constructor(targets = new TargetList()) {
    this.list = { targets, problems: [], invalid: 0, duplicates: [] };
  }

  /** Adds the next line (without its line end); the first line may start with a byte order mark. */
  add(raw: string): void {
    this.line += 1;
    const parsed = parseUrlLine(this.line === 1 ? raw.replace(/^\uFEFF/, '') : raw);
    if (parsed.kind === 'skip') return;
    if (parsed.kind === 'problem') {
      this.list.invalid += 1;
      if (this.list.problems.length < LIST_LIMITS.shownProblems) {
        this.list.problems.push({ line: this.line, reason: parsed.reason });
      }
      return;
    }
    const { href } = parsed.target;
    if (this.seen.has(href)) this.list.duplicates.push(this.line);
    else this.seen.add(href);
    this.list.targets.push(parsed.target);
  }

  /** The number of the line being read (the next one add() takes is this + 1). */
  get lines(): number {
    return this.line;
  }
}

/** Parses a whole list held in memory (the demo's, a test's); the CLI streams its inputs through UrlListBuilder. */
export function parseUrlList(text: string): UrlList {
  const builder = new UrlListBuilder();
  for (const line of text.split('\n')) builder.add(line);
  return builder.list;
}

function parseEntry(entry: string): URL | string {
  if (/\s/.test(entry)) return `contains whitespace (one URL per line): ${quote(entry)}`;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    const hint =
      entry.length < 2_000 && /^[\w.-]+\.[a-z]{2,}(:\d+)?(\/\S*)?$/i.test(entry)
        ? ` (did you mean ${quote(`https://${entry}`)}?)`
        : '';
    return `not a valid URL: ${quote(entry)}${hint}`;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    return `unsupported scheme '${url.protocol.slice(0, -1)}' in ${quote(redactUrl(url))}; only http and https are fetched`;
  }
  if (!decodes(url.username) || !decodes(url.password)) {
    return `the user:password part of ${quote(redactUrl(url))} is not valid percent-encoding (write % as %25)`;
  }
  return url;
}

/** Whether URL userinfo decodes to text, as it must to become Basic credentials. */
function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Quotes a line for an error message: secrets masked, shortened, and escaped by JSON.stringify so no
 * control character (an ESC sequence, say) reaches the terminal; C1 controls, DEL and bidi overrides too.
 */
function quote(text: string): string {
  const masked = redactText(text);
  const shown = masked.length > SHOWN_CHARS ? `${masked.slice(0, SHOWN_CHARS)}…` : masked;
  return JSON.stringify(shown).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Whether a command-line argument is meant as a URL rather than the name of a list file: it starts with a
 * scheme and `//` (`https://…`, also `ftp://…`, which then gets the list's "unsupported scheme" rather than
 * "no such file"). It is parsed as one list line, with the same errors.
 */
export function isUrlArgument(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
}
