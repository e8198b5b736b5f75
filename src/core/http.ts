import { Agent, interceptors, type Dispatcher } from 'undici';

/** Redirects followed before the 3xx response itself is reported (curl's and browsers' order of size). */
const MAX_REDIRECTIONS = 5;

/**
 * A fresh connection pool for one run, so no mode starts on connections another one warmed. undici's own
 * header and body timeouts are off: the whole-request deadline in fetchOne is the only clock, because
 * bodyTimeout bounds just the gap between chunks and a dripping server would slip past it.
 */
export function createDispatcher(): Dispatcher {
  return new Agent({ headersTimeout: 0, bodyTimeout: 0 }).compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
  );
}
