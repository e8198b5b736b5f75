const SECRET_WORDS = new Set([
  'token',
  'key',
  'secret',
  'password',
  'passwd',
  'pwd',
  'sig',
  'signature',
  'auth',
  'apikey',
  'credential',
  'credentials',
]);
const MASK = '***';

/**
 * Whether a query parameter is named like a secret: one of the words (token, key, secret, password, sig,
 * signature, auth, …) as the whole name or as one of its parts, case-insensitive: `token`, `api_key`,
 * `X-Auth`, `accessToken` and `access_token` are; `monkey` and `keyboard` are not.
 */
export function isSecretName(name: string): boolean {
  const parts = name.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? [];
  return SECRET_WORDS.has(name.toLowerCase()) || parts.some((part) => SECRET_WORDS.has(part.toLowerCase()));
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

/** Masks secrets in text that did not parse as a URL (a bad line quoted in an error message). */
export function redactText(text: string): string {
  return text
    .replace(/\/\/[^/@\s]*@/g, `//${MASK}@`)
    .replace(/([?&;]|^)([^=&\s?#]+)=([^&#\s]*)/g, (all, lead: string, name: string) =>
      isSecretName(decodeURIComponentSafe(name)) ? `${lead}${name}=${MASK}` : all,
    );
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
