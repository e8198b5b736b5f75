import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../helpers/schema.js';
import { makeTempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package', () => {
  it('packs, installs globally into an empty prefix, and runs from PATH as the README says (issue 15)', () => {
    const temp = makeTempDir();
    try {
      // --ignore-scripts: `npm test` has built dist/ already; a second build would race the other tests.
      execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', temp.path], {
        cwd: ROOT,
        stdio: 'pipe',
        timeout: 60_000,
      });
      const tarball = readdirSync(temp.path).find((name) => name.endsWith('.tgz'))!;
      // `npm install -g` with its own prefix: the machine's global folder is never touched.
      const prefix = join(temp.path, 'global');
      execFileSync(
        npm,
        [
          'install',
          '--global',
          '--prefix',
          prefix,
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          join(temp.path, tarball),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      // On PATH, by its bare name, from a folder that is not the clone.
      const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` };
      const run = (args: string[]) =>
        spawnSync('corofetch', args, { encoding: 'utf8', timeout: 30_000, env, cwd: temp.path });
      const version = run(['--version']);
      expect(version.status).toBe(0);
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const demo = run(['demo', '--json']);
      expect(demo.status).toBe(0);
      expect(parseReport(demo.stdout).modes.serial!.total.bytes).toBe(800_000);
      // Only what runs is shipped: no sources, tests or benchmarks.
      const files = execFileSync('tar', ['-tzf', join(temp.path, tarball)], { encoding: 'utf8' }).split('\n');
      expect(
        files.some(
          (f) => f.startsWith('package/src/') || f.startsWith('package/test/') || f.startsWith('package/bench/'),
        ),
      ).toBe(false);
      expect(files).toContain('package/schema/report.schema.json');
    } finally {
      temp.remove();
    }
  }, 180_000);
});
