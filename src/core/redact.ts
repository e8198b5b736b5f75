/**
 * Words that mark a query parameter as a secret wherever they appear in its name, in any case: `token`
 * masks `token`, `access_token`, `mytoken` and `apiToken` alike. The one list; the README quotes it.
 */
export const SECRET_WORDS: readonly string[] = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'key',
  'auth',
  'sig',
  'signature',
  'session',
  'sessid',
  'credential',
  'jwt',
  'bearer',
  'cookie',
  'private',
];

/**
 * Names that hold a secret word without being secrets: common words (a `keyword` search, a `design` id,
 * an `author`) that masking would only make unreadable. Compared whole, ignoring case, `_` and `-`.
 */
const NOT_SECRET = new Set([
  'keyword',
  'keywords',
  'keyboard',
  'monkey',
  'donkey',
  'turkey',
  'hockey',
  'jockey',
  'design',
  'designer',
  'signal',
  'signup',
  'assign',
  'assignee',
  'author',
  'authors',
  'authority',
  'privateuse',
]);
const SECRET_PATTERN = new RegExp(SECRET_WORDS.join('|'), 'i');
const MASK = '***';

/** Whether a query parameter is named like a secret: a secret word anywhere in its name, any case. */
export function isSecretName(name: string): boolean {
  return SECRET_PATTERN.test(name) && !NOT_SECRET.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * The form of a URL that may be printed: user:password and the values of secret-named query parameters
 * replaced by `***`, so terminals, logs, reports and summaries never hold them.
 */
export function redactUrl(url: URL): string {
  const secretParams = [...url.searchParams.keys()].filter(isSecretName);
  if (url.username === '' && url.password === '' && secretParams.length === 0) return url.href;
  const copy = new URL(url.href);
  if (copy.username !== '' || copy.password !== '') {
    copy.username = MASK;
    copy.password = '';
  }
  if (secretParams.length > 0) {
    // Rebuilt by hand: URLSearchParams would re-encode every other parameter and change the URL users know.
    copy.search = copy.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const name = decodeURIComponentSafe(eq === -1 ? pair : pair.slice(0, eq));
        return eq !== -1 && isSecretName(name) ? `${pair.slice(0, eq)}=${MASK}` : pair;
      })
      .join('&');
  }
  return copy.href;
}

/**
 * Masks secrets in text that did not parse as a URL (a bad line quoted in an error message). Linear in
 * the text's length, whatever it holds: it splits on separators instead of letting a regex backtrack
 * (the pattern it replaced took 25 s on 200,000 semicolons).
 */
export function redactText(text: string): string {
  const withoutUserinfo = text.replace(/\/\/[^/@\s]*@/g, `//${MASK}@`);
  const parts = withoutUserinfo.split(/([?&;#\s])/);
  // parts alternate: text, separator, text, …; a parameter follows ?, & or ; (or starts the text).
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    const after = i === 0 ? '' : parts[i - 1]!;
    if (eq <= 0 || (i > 0 && !'?&;'.includes(after))) continue;
    if (isSecretName(decodeURIComponentSafe(part.slice(0, eq)))) parts[i] = `${part.slice(0, eq)}=${MASK}`;
  }
  return parts.join('');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
