#!/usr/bin/env node
// `corofetch --version` alone is answered before any module loads: it is what scripts and CI probe with,
// and loading the CLI would triple its cost over Node's own start.
const asked = process.argv.slice(2);
if (asked.length === 1 && (asked[0] === '--version' || asked[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  const { URL } = await import('node:url');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}
// undici parses HTTP/1.1 in WebAssembly, which V8 would compile twice: at once with Liftoff, then again
// optimised by TurboFan in the background, about 35 MB of memory for no speed a benchmark here could see
// (BENCHMARKS.md). Set before the parser is first compiled, at the first connection.
const { setFlagsFromString } = await import('node:v8');
setFlagsFromString('--liftoff-only');
// `npm run build` swaps a complete new dist/ in with two renames; a start that falls between them waits a
// moment rather than failing. Anything else missing is a checkout that was never built.
let cli;
for (let attempt = 0; cli === undefined; attempt += 1) {
  try {
    cli = await import('../dist/cli/main.js');
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('/dist/cli/main.js')) throw err;
    if (attempt === 40) {
      process.stderr.write('corofetch: dist/ is missing: run `npm install` (or `npm run build`) in this checkout\n');
      process.exit(70);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
await cli.main(process.argv);
