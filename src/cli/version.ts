import { readFileSync } from 'node:fs';

/** The version in package.json, read once; the same file ships in the npm package. */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
