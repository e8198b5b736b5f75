import type { FetchTarget } from './types.js';
import { redactText, redactUrl } from './redact.js';

/** A line of the list that cannot be fetched, numbered from 1 as editors number them. */
export interface UrlListProblem {
  line: number;
  reason: string;
}

export interface UrlList {
  targets: FetchTarget[];
  problems: UrlListProblem[];
  /** Line numbers of URLs that an earlier line already lists; they stay in targets and are fetched. */
  duplicates: number[];
}

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);
const SHOWN_CHARS = 60;

/**
 * Parses a URL list: one URL per line; surrounding whitespace, a UTF-8 byte order mark, CRLF line ends,
 * blank lines and lines starting with `#` are ignored. Every bad line is reported, not just the first, so
 * a user fixes the file in one pass.
 */
export function parseUrlList(text: string): UrlList {
  const targets: FetchTarget[] = [];
  const problems: UrlListProblem[] = [];
  const duplicates: number[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');

  lines.forEach((raw, index) => {
    const entry = raw.trim();
    if (entry === '' || entry.startsWith('#')) return;
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') return void problems.push({ line: index + 1, reason: parsed });
    if (seen.has(parsed.href)) duplicates.push(index + 1);
    seen.add(parsed.href);
    targets.push({ url: parsed, label: redactUrl(parsed) });
  });

  return { targets, problems, duplicates };
}

function parseEntry(entry: string): URL | string {
  if (/\s/.test(entry)) return `contains whitespace (one URL per line): ${quote(entry)}`;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    const hint = /^[\w.-]+\.[a-z]{2,}(:\d+)?(\/\S*)?$/i.test(entry)
      ? ` (did you mean ${quote(`https://${entry}`)}?)`
      : '';
    return `not a valid URL: ${quote(entry)}${hint}`;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    return `unsupported scheme '${url.protocol.slice(0, -1)}' in ${quote(redactUrl(url))}; only http and https are fetched`;
  }
  return url;
}

/**
 * Quotes a line for an error message: secrets masked, shortened, and escaped by JSON.stringify so no
 * control character (an ESC sequence, say) reaches the terminal.
 */
function quote(text: string): string {
  const masked = redactText(text);
  const shown = masked.length > SHOWN_CHARS ? `${masked.slice(0, SHOWN_CHARS)}…` : masked;
  return JSON.stringify(shown).replace(
    /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Whether a command-line argument is a URL to fetch rather than the name of a list file. */
export function isUrlArgument(arg: string): boolean {
  if (!/^https?:\/\//i.test(arg)) return false;
  try {
    new URL(arg);
    return true;
  } catch {
    return false;
  }
}
