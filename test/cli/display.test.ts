import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const urls = () => [`${workspace.baseUrl}page?delay=300&i=1`, `${workspace.baseUrl}page?delay=100&i=2`];

describe('live progress and the waterfall', () => {
  it('draws progress in place on stderr with --progress, and wipes it at the end', async () => {
    const { code, stderr } = await runCli([...urls(), '--progress', '-q']);
    expect(code).toBe(0);
    // In flight comes first: the figure that shows concurrency working survives a narrow line.
    expect(stderr).toMatch(/\r\u001b\[2Kserial: 0\/2 done, 0 in flight, 0 failed, 0 B, 0\.0 s/);
    expect(stderr).toMatch(/concurrent: \d\/2 done, [12] in flight, 0 failed, [\d,]+ B, \d\.\d s/);
    expect(stderr.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('shows no progress in a pipe, and none with CI set even with a terminal-like setup', async () => {
    expect((await runCli([...urls(), '-q'])).stderr).toBe('');
    expect((await runCli([...urls(), '-q'], { env: { CI: 'true' } })).stderr).toBe('');
  });

  it('draws the waterfall with --timeline, fitted to COLUMNS, and in ASCII with --ascii', async () => {
    const { stdout } = await runCli([...urls(), '--timeline'], { env: { COLUMNS: '72' } });
    const timeline = stdout
      .slice(stdout.indexOf('timeline of'), stdout.indexOf('\n\n', stdout.indexOf('timeline of')))
      .split('\n');
    expect(timeline.filter((row) => / (serial|concurrent) +│/.test(row))).toHaveLength(4);
    for (const row of timeline) expect(row.length).toBeLessThanOrEqual(72);
    const ascii = await runCli([...urls(), '--timeline', '--ascii']);
    expect(ascii.stdout).toMatch(/serial +\|-+#+ *\|/);
    expect(ascii.stdout).not.toContain('░');
  });

  it('leaves the waterfall out in a pipe unless asked', async () => {
    expect((await runCli(urls())).stdout).not.toContain('timeline of');
  });
});
