import { mapList, type ReadList } from './result-columns.js';
import type { FetchTarget } from './types.js';

/**
 * A session's URLs, held as the strings reports print: one label per URL, and the real href apart only
 * for the URLs whose label masks a secret. A FetchTarget object per URL would add ~40 bytes to each of a
 * million; one is built when a request reads it. `labels` is the report's URL list as it stands.
 */
export class TargetList implements ReadList<FetchTarget> {
  readonly labels: string[] = [];
  private readonly hrefs = new Map<number, string>();

  get length(): number {
    return this.labels.length;
  }

  push({ href, label }: FetchTarget): void {
    if (href !== label) this.hrefs.set(this.labels.length, href);
    this.labels.push(label);
  }

  at(index: number): FetchTarget | undefined {
    const label = this.labels[index];
    return label === undefined ? undefined : { href: this.hrefs.get(index) ?? label, label };
  }

  *[Symbol.iterator](): Iterator<FetchTarget> {
    for (let i = 0; i < this.labels.length; i++) yield this.at(i)!;
  }
}

/** The labels of a list of targets: a TargetList's own, or read from each target of any other list. */
export function labelsOf(targets: ReadList<FetchTarget>): readonly string[] {
  return targets instanceof TargetList ? targets.labels : mapList(targets, (target) => target.label);
}
