import { mkdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { runCli } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { browserAvailable, CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const { temp } = workspace;

describe('--html', () => {
  it('writes one self-contained page: nothing to fetch, no scripts', async () => {
    const html = `${temp.path}/plain.html`;
    const { code } = await runCli(['demo', '--html', html, '-q']);
    expect(code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(page.match(/<g class="bar/g)).toHaveLength(6);
  });

  it.skipIf(!browserAvailable())(
    'renders in Chromium: one bar per URL per mode, widths proportional to durations',
    async () => {
      const html = `${temp.path}/report.html`;
      const json = `${temp.path}/report.json`;
      const { code } = await runCli(['demo', '--html', html, '-o', json, '-q']);
      expect(code).toBe(0);
      const report = parseReport(readFileSync(json, 'utf8'));

      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        await page.goto(`file://${html}`);
        for (const mode of ['serial', 'concurrent'] as const) {
          const bars = await page.locator(`g.bar[data-mode="${mode}"]`).evaluateAll((groups) =>
            groups.map((g) => ({
              durationMs: Number(g.getAttribute('data-duration-ms')),
              widthPx: [...g.querySelectorAll('rect')].reduce((sum, r) => sum + r.getBoundingClientRect().width, 0),
              title: g.querySelector('title')?.textContent ?? '',
            })),
          );
          expect(bars).toHaveLength(report.urls.length);
          const results = report.modes[mode]!.runs[0]!.results;
          bars.forEach((bar, i) => {
            expect(bar.durationMs).toBe(results.at(i)!.durationMs);
            expect(bar.title).toContain(results.at(i)!.url);
            expect(bar.title).toMatch(/HTTP 200, [\d,]+ B/);
          });
          // Pixels per millisecond is the same for every bar (one axis for both modes).
          const scales = bars.map((bar) => bar.widthPx / bar.durationMs);
          expect(Math.max(...scales) / Math.min(...scales)).toBeLessThan(1.05);
        }
        const shots = process.env.COROFETCH_SCREENSHOT_DIR ?? temp.path;
        mkdirSync(shots, { recursive: true });
        const png = await page.screenshot({ path: `${shots}/html-report.png`, fullPage: true });
        expect(png.length).toBeGreaterThan(10_000);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
