import { barePeer, corofetch, curl, fetchPeer, type Tool } from './tools.js';

/** One list, one concurrency, the tools to compare on it. */
export interface Scenario {
  id: 'seed' | 'fanout' | 'small' | 'small-serial' | 'huge' | 'body10m' | 'scale-small' | 'scale-large';
  title: string;
  urls: (base: string) => string[];
  concurrency: number;
  /** The ideal concurrent wall time, where the delays fix it. */
  idealMs?: number;
  tools: Tool[];
}

const pages = (count: number, query: string) => (base: string) =>
  Array.from({ length: count }, (_, i) => `${base}page?${query}&i=${i}`);

/** The scenarios; `quick` shrinks each to run in seconds as a CI smoke test. */
export function scenarios(quick: boolean, withCurl: boolean): Scenario[] {
  const peers = (...tools: Tool[]) => tools.filter((tool) => withCurl || !isCurl(tool));
  const fanout = quick ? 100 : 200;
  const small = quick ? 500 : 5_000;
  const huge = quick ? 32 * 1024 ** 2 : 1024 ** 3;
  const scale = quick ? 2_000 : 100_000;
  return [
    {
      id: 'seed',
      title: '3 URLs, 300/500/800 ms, concurrency 3',
      urls: (base) => [
        `${base}page?site=python.org&bytes=50000&delay=300`,
        `${base}page?site=yahoo.com&bytes=500000&delay=500`,
        `${base}page?site=github.com&bytes=250000&delay=800`,
      ],
      concurrency: 3,
      idealMs: 800,
      tools: peers(corofetch('concurrent'), curlParallel, barePeer, fetchPeer),
    },
    {
      id: 'fanout',
      title: `${fanout} URLs × 100 ms × 20 KB, concurrency ${fanout / 4}`,
      urls: pages(fanout, 'delay=100&bytes=20000'),
      concurrency: fanout / 4,
      idealMs: 400,
      tools: peers(corofetch('concurrent'), curlParallel, barePeer, fetchPeer),
    },
    {
      id: 'small',
      title: `${small.toLocaleString('en-US')} URLs × 0 ms × 2 KB, concurrency 50`,
      urls: pages(small, 'delay=0&bytes=2048'),
      concurrency: 50,
      tools: peers(corofetch('concurrent'), corofetch('concurrent', true), barePeer, curlParallel, fetchPeer),
    },
    {
      id: 'small-serial',
      title: `${(small / 5).toLocaleString('en-US')} URLs × 0 ms × 2 KB, serial`,
      urls: pages(small / 5, 'delay=0&bytes=2048'),
      concurrency: 1,
      tools: peers(corofetch('serial'), curlSerial),
    },
    {
      id: 'huge',
      title: `one ${huge / 1024 ** 2} MiB body`,
      urls: (base) => [`${base}page?bytes=${huge}`],
      concurrency: 1,
      tools: peers(corofetch('serial'), curlSerial, barePeer, fetchPeer),
    },
    {
      id: 'body10m',
      title: 'one 10 MiB body',
      urls: (base) => [`${base}page?bytes=${10 * 1024 ** 2}`],
      concurrency: 1,
      tools: [corofetch('serial')],
    },
    {
      id: 'scale-small',
      title: `${(scale / 10).toLocaleString('en-US')} URLs × 0 ms × 100 B, concurrency 100`,
      urls: pages(scale / 10, 'delay=0&bytes=100'),
      concurrency: 100,
      tools: [corofetch('concurrent')],
    },
    {
      id: 'scale-large',
      title: `${scale.toLocaleString('en-US')} URLs × 0 ms × 100 B, concurrency 100`,
      urls: pages(scale, 'delay=0&bytes=100'),
      concurrency: 100,
      tools: [corofetch('concurrent')],
    },
  ];
}

const curlParallel = curl(true);
const curlSerial = curl(false);
const isCurl = (tool: Tool): boolean => tool === curlParallel || tool === curlSerial;
