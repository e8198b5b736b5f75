#!/usr/bin/env node
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
