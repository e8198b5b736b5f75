/** Milliseconds for people: whole numbers from 100 ms up, more digits below, where they carry meaning. */
export function formatMs(ms: number): string {
  const digits = ms >= 100 ? 0 : ms >= 10 ? 1 : 2;
  return `${ms.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}

export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} B`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? 'n/a' : `${Math.round(fraction * 100)}%`;
}
