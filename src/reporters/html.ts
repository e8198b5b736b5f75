import { NOTABLE_SLOWEST, notableUrls } from './notable-urls.js';
import type { FetchResult, Mode, Report } from '../core/types.js';
import {
  formatBytes,
  formatChange,
  formatCount,
  formatMetric,
  describeIdeal,
  describeInterruption,
  describeRunWire,
  failedUrls,
  formatInterval,
  formatIntervalOf,
  formatMs,
  formatMsNumber,
  formatPercent,
  formatRatio,
  modesIn,
  rowLabels,
  shortenMiddle,
} from './format.js';
import { diagnosisHead } from './diagnosis.js';

const LABEL_PX = 300;
const PLOT_PX = 760;
const ROW_PX = 22;
const BAR_PX = 14;

/**
 * One self-contained page: summary, per-URL table, and each mode's waterfall as inline SVG on one time
 * axis, with a tooltip per bar (URL, status, bytes, phases). No scripts, fonts or anything fetched.
 */
export function renderHtml(report: Report): string {
  const modes = modesIn(report);
  const axisMs = modes.reduce((max, mode) => Math.max(max, report.modes[mode]!.runs[0]!.wallMs), 1);
  const drawsAll = report.urls.length <= HTML_ROWS_MAX;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corofetch report — ${escapeHtml(report.startedAt)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1f24; max-width: 1140px; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
.meta { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; } th, td { padding: 0.25rem 0.7rem; border-bottom: 1px solid #d0d7de; text-align: right; }
th:first-child, td:first-child { text-align: left; } td.url { font-family: ui-monospace, monospace; font-size: 12px; max-width: 520px; overflow-wrap: anywhere; }
.passed { color: #1a7f37; } .failed, .bad { color: #cf222e; } .inconclusive { color: #9a6700; }
svg { max-width: 100%; height: auto; } svg text { font: 11px ui-monospace, monospace; fill: #57606a; }
svg .wait { fill: #b6e3ff; } svg .body { fill: #0969da; } svg .bar.failed .body, svg .bar.failed .wait { fill: #cf222e; }
svg .grid { stroke: #eaeef2; } svg .bar:hover rect { opacity: 0.75; } svg .bucket rect { fill: #0969da; }
dl.why dt { font-weight: 600; margin-top: 0.6rem; } dl.why dd { margin-left: 1rem; } dl.why .evidence { color: #57606a; font-size: 12px; }
</style>
</head>
<body>
${interruptionBanner(report)}<h1>corofetch: ${formatCount(report.urls.length)} URL${report.urls.length === 1 ? '' : 's'}, serial loop vs coroutines</h1>
<p class="meta">${escapeHtml(report.startedAt)} · corofetch ${escapeHtml(report.tool.version)} · concurrency ${report.options.concurrency} · ${report.options.runs} run${report.options.runs === 1 ? '' : 's'} per mode</p>
${summary(report, modes)}
${why(report)}<h2>Waterfall</h2>
<p class="meta">Each bar runs from a request's start to its last byte on one time axis for both modes (first measured run); the light part is the wait for the first byte. Hover a bar for its details.</p>
${drawsAll ? modes.map((mode) => waterfall(report, mode, axisMs)).join('\n') : `<p class="meta">Not drawn: ${formatCount(report.urls.length)} URLs are more than the ${formatCount(HTML_ROWS_MAX)} a page can draw; --ndjson writes every request.</p>`}
<h2>Distribution</h2>
<p class="meta">Request durations of every measured round, in log-spaced buckets.</p>
${modes.map((mode) => histogram(report, mode)).join('\n')}
<h2>URLs</h2>
${urlTable(report, modes)}
</body>
</html>
`;
}

function summary(report: Report, modes: readonly Mode[]): string {
  const rows = modes.map((mode) => {
    const m = report.modes[mode]!;
    return `<tr><td>${mode}</td><td>${formatMs(m.wallMs.median)}</td><td>${formatBytes(m.bytesPerRound)}</td><td>${m.okUrls}</td><td class="${m.failedUrls > 0 ? 'bad' : ''}">${m.failedUrls}</td></tr>`;
  });
  const c = report.comparison;
  const comparison =
    c === undefined
      ? ''
      : `<p><strong>Speedup ${formatRatio(c.speedup)}</strong>${c.speedupInterval === undefined ? '' : ` (${formatInterval(c.speedupInterval)})`}; ideal ${formatRatio(c.idealSpeedup)} (${escapeHtml(describeIdeal(c))}); the concurrent run reached ${formatPercent(c.efficiency)} of ideal.</p>`;
  const thresholds = report.thresholds
    .map(
      (t) =>
        `<li class="${t.outcome}"><code>${escapeHtml(t.expr)}</code>: ${t.outcome} (measured ${escapeHtml(formatMetric(t.metric, t.actual))}${t.interval === undefined ? '' : `, ${escapeHtml(formatIntervalOf(t.metric, t.interval))}`})</li>`,
    )
    .join('');
  const baseline =
    report.baseline === undefined
      ? ''
      : `<p>Since baseline <code>${escapeHtml(report.baseline.file)}</code>: ${modes
          .filter((mode) => report.baseline!.modes[mode] !== undefined)
          .map((mode) => `${mode} ${formatChange(report.baseline!.modes[mode]!.ratio)}`)
          .join(', ')}.</p>`;
  const warnings = report.warnings.map((w) => `<li>${escapeHtml(w.message)}</li>`).join('');
  const failed = failedUrls(report)
    .map(
      (f) =>
        `<tr><td class="url">${escapeHtml(f.url)}</td><td>${f.mode}</td><td class="bad"><code>${escapeHtml(f.code)}</code></td><td>${f.failedRounds} of ${f.rounds}</td><td>${escapeHtml(f.message)}</td></tr>`,
    )
    .join('');
  return `<table class="summary"><tr><th>mode</th><th>median wall</th><th>bytes a round</th><th>URLs ok</th><th>URLs failed</th></tr>${rows.join('')}</table>
${failed === '' ? '' : `<h3>Failed URLs</h3><table class="failed"><tr><th>URL</th><th>mode</th><th>code</th><th>rounds</th><th>message</th></tr>${failed}</table>`}
${comparison}${baseline}${thresholds === '' ? '' : `<ul class="thresholds">${thresholds}</ul>`}${warnings === '' ? '' : `<ul class="warnings">${warnings}</ul>`}`;
}

/** Each diagnosis: its code, its sentence and the figures behind it. */
function why(report: Report): string {
  if (report.diagnosis.length === 0) return '';
  const entries = report.diagnosis.map((d) => {
    const evidence = Object.entries(d.evidence)
      .map(
        ([key, value]) =>
          `${escapeHtml(key)} ${escapeHtml(typeof value === 'number' ? formatEvidence(value) : String(value))}`,
      )
      .join(' · ');
    return `<dt data-code="${d.code}">${escapeHtml(diagnosisHead(d))}</dt><dd>${escapeHtml(d.message)}<br><span class="evidence">${evidence}</span></dd>`;
  });
  return `<h2>Why</h2>\n<dl class="why">${entries.join('')}</dl>\n`;
}

const formatEvidence = (value: number): string =>
  Number.isInteger(value) ? formatCount(value) : value.toLocaleString('en-US', { maximumFractionDigits: 3 });

const HISTOGRAM_PX = 140;

/** One mode's latency histogram: a bar per bucket, its height the share of requests, labelled by its bounds. */
function histogram(report: Report, mode: Mode): string {
  const buckets = report.modes[mode]!.histogram;
  const most = buckets.reduce((max, b) => Math.max(max, b.count), 1);
  const width = Math.max(1, Math.floor(PLOT_PX / Math.max(buckets.length, 1)));
  const bars = buckets
    .map((b, i) => {
      const h = (b.count / most) * HISTOGRAM_PX;
      const x = i * width;
      return `<g class="bucket" data-from-ms="${b.fromMs}" data-to-ms="${b.toMs}" data-count="${b.count}"><title>${formatCount(b.count)} requests from ${formatCount(b.fromMs)} ms to under ${formatCount(b.toMs)} ms</title>
<rect x="${x + 2}" y="${(HISTOGRAM_PX - h + 14).toFixed(2)}" width="${width - 4}" height="${h.toFixed(2)}"/>
<text x="${x + width / 2}" y="${(HISTOGRAM_PX - h + 10).toFixed(2)}" text-anchor="middle">${b.count === 0 ? '' : formatCount(b.count)}</text>
<text x="${x + width / 2}" y="${HISTOGRAM_PX + 28}" text-anchor="middle">&lt;${formatCount(b.toMs)} ms</text></g>`;
    })
    .join('\n');
  return `<h3>${mode}</h3>
<svg class="histogram" data-mode="${mode}" width="${PLOT_PX}" height="${HISTOGRAM_PX + 36}" viewBox="0 0 ${PLOT_PX} ${HISTOGRAM_PX + 36}" role="img" aria-label="${mode} latency histogram: requests per duration bucket">
${bars}
</svg>`;
}

/** Past this many URLs the page draws no waterfall and lists only notable URLs: it stays a few MB. */
const HTML_ROWS_MAX = 1_000;

function waterfall(report: Report, mode: Mode, axisMs: number): string {
  const results = report.modes[mode]!.runs[0]!.results;
  // One origin for all: the rows show the rest of each URL (the origin is in the table below).
  const { labels } = rowLabels(report.urls);
  const height = results.length * ROW_PX + 24;
  const x = (ms: number): number => LABEL_PX + (ms / axisMs) * PLOT_PX;
  const ticks = axisTicks(axisMs)
    .map(
      (ms) =>
        `<line class="grid" x1="${x(ms)}" y1="0" x2="${x(ms)}" y2="${height - 18}"/><text x="${x(ms)}" y="${height - 4}" text-anchor="middle">${formatCount(ms)} ms</text>`,
    )
    .join('');
  const bars: string[] = [];
  let i = -1;
  for (const r of results) {
    i += 1;
    const y = i * ROW_PX + 4;
    const start = x(r.startMs);
    const end = Math.max(start + 1, x(r.startMs + r.durationMs));
    const firstByte = r.ttfbMs === null ? end : Math.min(end, x(r.startMs + r.ttfbMs));
    const failed = r.error !== null ? ' failed' : '';
    bars.push(`<g class="bar${failed}" data-mode="${mode}" data-index="${i}" data-start-ms="${r.startMs}" data-duration-ms="${r.durationMs}">
<title>${escapeHtml(tooltip(r))}</title>
<text x="${LABEL_PX - 8}" y="${y + BAR_PX - 3}" text-anchor="end">${escapeHtml(shortenMiddle(labels[i]!, 44))}</text>
<rect class="wait" x="${start.toFixed(2)}" y="${y}" width="${(firstByte - start).toFixed(2)}" height="${BAR_PX}"/>
<rect class="body" x="${firstByte.toFixed(2)}" y="${y}" width="${(end - firstByte).toFixed(2)}" height="${BAR_PX}"/>
</g>`);
  }
  const wire = describeRunWire(report.modes[mode]!.runs[0]!);
  return `<h3>${mode} <span class="meta">— ${formatMs(report.modes[mode]!.runs[0]!.wallMs)}${wire === null ? '' : ` · ${escapeHtml(wire)}`}</span></h3>
<svg class="waterfall" data-mode="${mode}" data-axis-ms="${axisMs}" width="${LABEL_PX + PLOT_PX + 20}" height="${height}" viewBox="0 0 ${LABEL_PX + PLOT_PX + 20} ${height}" role="img" aria-label="${mode} waterfall">
${ticks}
${bars.join('\n')}
</svg>`;
}

function urlTable(report: Report, modes: readonly Mode[]): string {
  const head = `<tr><th>URL</th><th>status</th><th>bytes</th>${modes.map((m) => `<th>${m} ms</th>`).join('')}</tr>`;
  // A long list keeps its page small: the failed URLs and the slowest, as the summary JSON report does.
  const shown =
    report.urls.length <= HTML_ROWS_MAX
      ? report.urls.map((_, i) => i)
      : notableUrls(
          modes.map((m) => report.modes[m]!.urls),
          NOTABLE_SLOWEST,
        );
  const note =
    shown.length === report.urls.length
      ? ''
      : `<p class="meta">${formatCount(shown.length)} of ${formatCount(report.urls.length)} URLs: every failed one and the ${NOTABLE_SLOWEST} slowest.</p>`;
  const rows = shown.map((i) => {
    const url = report.urls[i]!;
    const summaries = modes.map((m) => report.modes[m]!.urls.at(i)!);
    const status = [
      ...new Set(
        summaries.map((u) => (u.error === null ? String(u.status) : `${u.status ?? ''} ${u.error.code}`.trim())),
      ),
    ].join('/');
    const failed = summaries.some((u) => u.error !== null) ? ' class="bad"' : '';
    return `<tr><td class="url">${escapeHtml(url)}</td><td${failed}>${escapeHtml(status)}</td><td>${formatCount(summaries[0]?.bytes ?? 0)}</td>${modes
      .map((m) => `<td>${formatMsNumber(report.modes[m]!.urls.at(i)!.durationMs.median)}</td>`)
      .join('')}</tr>`;
  });
  return `${note}<table class="urls">${head}${rows.join('')}</table>`;
}

function tooltip(r: FetchResult): string {
  const p = r.phases;
  const ms = (v: number | null): string => (v === null ? '–' : formatMs(v));
  return [
    r.url,
    r.error === null
      ? `HTTP ${r.status}, ${formatBytes(r.bytes)}`
      : `${r.error.code}: ${r.error.message} (${formatBytes(r.bytes)})`,
    `start ${formatMs(r.startMs)}, first byte after ${ms(r.ttfbMs)}, done after ${formatMs(r.durationMs)}`,
    `DNS ${ms(p.dnsMs)}, connect ${ms(p.connectMs)}, TLS ${ms(p.tlsMs)}, server ${ms(p.firstByteMs)}, download ${ms(p.downloadMs)}, connection ${p.reused === null ? '–' : p.reused ? 'reused' : 'new'}`,
  ].join('\n');
}

/** The first thing on the page of an interrupted session: what stopped it and what was kept. */
function interruptionBanner(report: Report): string {
  const text = describeInterruption(report);
  return text === null ? '' : `<p class="bad interrupted"><strong>${escapeHtml(text)}</strong></p>\n`;
}

/** About five round ticks across the axis. */
function axisTicks(axisMs: number): number[] {
  const raw = axisMs / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t <= axisMs; t += step) ticks.push(t);
  return ticks;
}

/** HTML text and attribute escaping; control characters are dropped (they mean nothing in a page). */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
