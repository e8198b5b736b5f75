import type { SweepReport } from '../core/sweep-analysis.js';
import { formatCount } from './format.js';
import { escapeHtml } from './html.js';
import { renderSweepText } from './sweep-text.js';
import { PLAIN } from './style.js';

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 20, top: 20, bottom: 50 };

/** The sweep as a page: the plot (see sweepPlot) and the text report beneath it. */
export function renderSweepHtml(report: SweepReport): string {
  const text = renderSweepText(report, PLAIN, { width: 110, unicode: true, quiet: false });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>corofetch sweep</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1f24; max-width: 1000px; }
h1 { font-size: 1.4rem; } .meta { color: #57606a; } pre { font-size: 12px; }
svg { max-width: 100%; height: auto; } svg text { font: 11px ui-monospace, monospace; fill: #57606a; }
svg .grid { stroke: #eaeef2; } svg .round { fill: #0969da; opacity: 0.35; } svg .centre { fill: #0969da; }
svg .bar { stroke: #0969da; stroke-width: 1.5; } svg .ideal { stroke: #8c959f; stroke-dasharray: 5 4; fill: none; }
svg .fit { stroke: #bf3989; stroke-width: 2; fill: none; } svg .knee { stroke: #1a7f37; stroke-width: 1.5; }
svg .peak { stroke: #bf3989; stroke-dasharray: 2 3; } svg .excluded { fill: #cf222e; }
</style>
</head>
<body>
<h1>corofetch sweep: ${formatCount(report.urlCount)} URL${report.urlCount === 1 ? '' : 's'}, c = ${report.options.levels.join(', ')}</h1>
<p class="meta">${escapeHtml(report.startedAt)} · ${report.options.reps} rounds, levels ${report.options.order} (seed ${report.options.seed}) · corofetch ${escapeHtml(report.tool.version)}</p>
${sweepPlot(report)}
<p class="meta">Dots: each round. Blue bars: the geometric mean and its 95% interval. Dashed grey: the in-order ideal from the serial per-URL times. Pink: the chosen model${'skipped' in report.model ? ' (none fitted)' : ''}. Green: the knee.</p>
<pre>${escapeHtml(text)}</pre>
</body>
</html>
`;
}

/** Throughput against concurrency (log₂ axis): rounds as dots, means with intervals, the ideal, the fit, knee and c*. */
function sweepPlot(report: SweepReport): string {
  const levels = report.levels.map((l) => l.level);
  if (levels.length === 0) return '<p class="meta">No measured run to plot.</p>';
  const low = Math.min(1, levels[0]!);
  const high = Math.max(2, levels.at(-1)!);
  const serial = report.levels.find((l) => l.level === 1);
  const ideal = report.levels.map((l) => ({
    level: l.level,
    rps: serial?.rps != null && l.idealSpeedup !== null ? serial.rps * l.idealSpeedup : null,
  }));
  const model = 'skipped' in report.model ? null : report.model;
  // Scaled to what was measured: the ideal, many times higher past a knee, runs off the top rather than
  // flattening the measured curve into the axis.
  const tops = [...report.runs.map((r) => r.rps), ...report.levels.map((l) => l.rpsInterval?.high ?? l.rps ?? 0)];
  const top = niceCeiling(tops.reduce((a, b) => Math.max(a, b), 1) * 1.3);
  const x = (c: number): number =>
    MARGIN.left +
    ((Math.log2(c) - Math.log2(low)) / (Math.log2(high) - Math.log2(low) || 1)) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (rps: number): number =>
    HEIGHT - MARGIN.bottom - (Math.min(rps, top) / top) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const parts: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const v = (top / 5) * i;
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
    );
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${formatCount(Math.round(v))}</text>`,
    );
  }
  for (const c of levels) {
    parts.push(`<text x="${x(c).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${c}</text>`);
  }
  parts.push(
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 10}" text-anchor="middle">concurrency c (requests in flight)</text>`,
  );
  parts.push(
    `<text x="14" y="${MARGIN.top + 150}" transform="rotate(-90 14 ${MARGIN.top + 150})" text-anchor="middle">requests per second</text>`,
  );
  const idealPoints = ideal
    .filter((p) => p.rps !== null)
    .map((p) => `${x(p.level).toFixed(1)},${y(p.rps!).toFixed(1)}`);
  if (idealPoints.length > 1) parts.push(`<polyline class="ideal" points="${idealPoints.join(' ')}"/>`);
  if (model !== null) {
    const fitted = model.curve.map((p) => `${x(p.level).toFixed(1)},${y(p.rps).toFixed(1)}`);
    parts.push(
      `<polyline class="fit" points="${fitted.join(' ')}"><title>${escapeHtml(model.message)}</title></polyline>`,
    );
    if (model.chosen === 'usl' && model.usl.peak !== null && model.usl.peakInRange) {
      const px = x(model.usl.peak).toFixed(1);
      parts.push(
        `<line class="peak" x1="${px}" x2="${px}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}"><title>c* ≈ ${model.usl.peak.toFixed(1)}</title></line>`,
      );
    }
  }
  if (report.knee.level !== null) {
    const kx = x(report.knee.level).toFixed(1);
    parts.push(
      `<line class="knee" x1="${kx}" x2="${kx}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}"><title>${escapeHtml(report.knee.message)}</title></line>`,
    );
    parts.push(
      `<text x="${(Number(kx) + 4).toFixed(1)}" y="${MARGIN.top + 12}" style="fill:#1a7f37">knee c = ${report.knee.level}</text>`,
    );
  }
  for (const run of report.runs) {
    const cls = run.failedRequests > 0 ? 'excluded' : 'round';
    parts.push(
      `<circle class="${cls}" cx="${x(run.level).toFixed(1)}" cy="${y(run.rps).toFixed(1)}" r="3"><title>c = ${run.level}, round ${run.round}: ${Math.round(run.rps)} req/s</title></circle>`,
    );
  }
  for (const level of report.levels) {
    if (level.rps === null) continue;
    const cx = x(level.level).toFixed(1);
    if (level.rpsInterval !== null) {
      parts.push(
        `<line class="bar" x1="${cx}" x2="${cx}" y1="${y(level.rpsInterval.low).toFixed(1)}" y2="${y(level.rpsInterval.high).toFixed(1)}"/>`,
      );
    }
    parts.push(
      `<rect class="centre" x="${(Number(cx) - 6).toFixed(1)}" y="${(y(level.rps) - 1.5).toFixed(1)}" width="12" height="3"><title>c = ${level.level}: ${Math.round(level.rps)} req/s</title></rect>`,
    );
  }
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="throughput against concurrency">${parts.join('')}</svg>`;
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((k) => k * magnitude).find((s) => s >= value)!;
}
