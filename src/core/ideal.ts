import { roundMs } from './time.js';

/**
 * The wall time of running `durationsMs` through `slots` slots in list order, each item starting the
 * moment the earliest slot frees (Graham's list scheduling, 1966): what the concurrent fetcher does with
 * p-limit, which starts URLs in the order given. Slots beyond the item count do nothing. O(n log slots).
 */
export function inOrderMakespanMs(durationsMs: ArrayLike<number> & Iterable<number>, slots: number): number {
  const width = Math.min(slots, durationsMs.length);
  if (width === 0) return 0;
  // A min-heap of the times each slot frees, all free at 0.
  const heap = new Float64Array(width);
  let makespan = 0;
  for (const duration of durationsMs) {
    const end = heap[0]! + duration;
    if (end > makespan) makespan = end;
    heap[0] = end;
    siftDown(heap, 0);
  }
  return roundMs(makespan);
}

/** No schedule of these durations on `slots` slots, in any order, ends before this: max(longest, total / c). */
export function lowerBoundMs(durationsMs: ArrayLike<number> & Iterable<number>, slots: number): number {
  if (durationsMs.length === 0) return 0;
  const width = Math.min(slots, durationsMs.length);
  let total = 0;
  let longest = 0;
  for (const d of durationsMs) {
    total += d;
    if (d > longest) longest = d;
  }
  return roundMs(Math.max(longest, total / width));
}

/**
 * The in-order makespan after sorting the slowest first (Graham's LPT rule, within 4/3 of the optimum):
 * what putting the list in another order could save.
 */
export function slowestFirstMakespanMs(durationsMs: ArrayLike<number>, slots: number): number {
  return inOrderMakespanMs(Float64Array.from(durationsMs).sort().reverse(), slots);
}

function siftDown(heap: Float64Array, start: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && heap[left]! < heap[smallest]!) smallest = left;
    if (right < heap.length && heap[right]! < heap[smallest]!) smallest = right;
    if (smallest === i) return;
    // A temporary, not a destructuring swap: that allocates an array per step, 190 MB for a million URLs.
    const freed = heap[i]!;
    heap[i] = heap[smallest]!;
    heap[smallest] = freed;
    i = smallest;
  }
}
