import { barePeer, corofetch, curl, dispatchPeer, fetchPeer, pythonPeers, type Tool } from './tools.js';

/** One list, one concurrency, the tools to compare on it. */
export interface Scenario {
  id:
    | 'seed'
    | 'fanout'
    | 'small'
    | 'small-warm'
    | 'small-serial'
    | 'small-20k'
    | 'huge'
    | 'tiny'
    | 'scale-small'
    | 'scale-large'
    | 'curve-10k'
    | 'curve-100k'
    | 'curve-1m';
  title: string;
  /**
   * Who serves it: the fixture server for delayed pages (its delays make the ideal known), nginx for
   * 0-delay pages and big bodies, so that the server is never what a client measures.
   */
  server: 'fixture' | 'nginx';
  urls: (base: string) => string[];
  concurrency: number;
  /** The ideal concurrent wall time, where the delays fix it. */
  idealMs?: number;
  /** One measured round and no warm-up: a run of a million URLs takes minutes. */
  once?: true;
  tools: Tool[];
}

/** Static files bench/run.ts writes into nginx's root (the huge one sparse, so it costs no disk). */
export const STATIC_FILES = { p2k: 2048, p100: 100, p1k: 1024 } as const;

const pages = (count: number, query: string) => (base: string) =>
  Array.from({ length: count }, (_, i) => `${base}page?${query}&i=${i}`);
const files = (count: number, name: string) => (base: string) =>
  Array.from({ length: count }, (_, i) => `${base}${name}?i=${i}`);

/** The scenarios; `quick` shrinks each to run in seconds as a CI smoke test. */
export function scenarios(quick: boolean, withCurl: boolean, hugeBytes: number): Scenario[] {
  const peers = (...tools: Tool[]) => tools.filter((tool) => withCurl || !isCurl(tool));
  const fanout = quick ? 100 : 200;
  const small = quick ? 500 : 5_000;
  const scale = quick ? 2_000 : 100_000;
  const python = pythonPeers();
  return [
    {
      id: 'seed',
      title: '3 URLs, 300/500/800 ms, concurrency 3',
      server: 'fixture',
      urls: (base) => [
        `${base}page?site=python.org&bytes=50000&delay=300`,
        `${base}page?site=yahoo.com&bytes=500000&delay=500`,
        `${base}page?site=github.com&bytes=250000&delay=800`,
      ],
      concurrency: 3,
      idealMs: 800,
      tools: peers(corofetch('concurrent'), curlParallel, dispatchPeer, fetchPeer),
    },
    {
      id: 'fanout',
      title: `${fanout} URLs × 100 ms × 20 KB, concurrency ${fanout / 4}`,
      server: 'fixture',
      urls: pages(fanout, 'delay=100&bytes=20000'),
      concurrency: fanout / 4,
      idealMs: 400,
      tools: peers(corofetch('concurrent'), curlParallel, dispatchPeer, fetchPeer, ...python),
    },
    {
      id: 'small',
      title: `${small.toLocaleString('en-US')} URLs × 2 KB from nginx, concurrency 50`,
      server: 'nginx',
      urls: files(small, 'p2k'),
      concurrency: 50,
      tools: peers(
        corofetch('concurrent'),
        corofetch('concurrent', true),
        dispatchPeer,
        barePeer,
        curlParallel,
        fetchPeer,
        ...python,
      ),
    },
    {
      id: 'small-warm',
      title: `${small.toLocaleString('en-US')} URLs × 2 KB from nginx, concurrency 50, measured after a warm-up round`,
      server: 'nginx',
      urls: files(small, 'p2k'),
      concurrency: 50,
      tools: peers(corofetch('concurrent', false, 3), curlParallel),
    },
    {
      id: 'small-serial',
      title: `${(small / 5).toLocaleString('en-US')} URLs × 2 KB from nginx, serial`,
      server: 'nginx',
      urls: files(small / 5, 'p2k'),
      concurrency: 1,
      tools: peers(corofetch('serial'), curlSerial),
    },
    {
      id: 'small-20k',
      title: `${(small * 4).toLocaleString('en-US')} URLs × 2 KB from nginx, concurrency 50`,
      server: 'nginx',
      urls: files(small * 4, 'p2k'),
      concurrency: 50,
      tools: [corofetch('concurrent', true), dispatchPeer],
    },
    {
      id: 'huge',
      title: `one ${hugeBytes / 1024 ** 2} MiB body from nginx`,
      server: 'nginx',
      urls: (base) => [`${base}huge`],
      concurrency: 1,
      tools: peers(corofetch('serial'), curlSerial, dispatchPeer, barePeer),
    },
    {
      id: 'tiny',
      title: 'one 1 KB page from nginx',
      server: 'nginx',
      urls: (base) => [`${base}p1k`],
      concurrency: 1,
      tools: peers(corofetch('serial'), dispatchPeer, curlSerial),
    },
    {
      id: 'scale-small',
      title: `${(scale / 10).toLocaleString('en-US')} URLs × 100 B from nginx, concurrency 100`,
      server: 'nginx',
      urls: files(scale / 10, 'p100'),
      concurrency: 100,
      tools: [corofetch('concurrent')],
    },
    {
      id: 'scale-large',
      title: `${scale.toLocaleString('en-US')} URLs × 100 B from nginx, concurrency 100`,
      server: 'nginx',
      urls: files(scale, 'p100'),
      concurrency: 100,
      tools: [corofetch('concurrent')],
    },
    // The memory and time curve of issue 18: the main command as users run it, with its default JSON report.
    ...([10_000, 100_000, 1_000_000] as const).map((count): Scenario => ({
      id: count === 10_000 ? 'curve-10k' : count === 100_000 ? 'curve-100k' : 'curve-1m',
      title: `${(quick ? count / 100 : count).toLocaleString('en-US')} URLs × 100 B from nginx, --mode both -c 100 -o report.json`,
      server: 'nginx',
      urls: files(quick ? count / 100 : count, 'p100'),
      concurrency: 100,
      ...(count === 1_000_000 && { once: true as const }),
      tools: [corofetch('both')],
    })),
  ];
}

const curlParallel = curl(true);
const curlSerial = curl(false);
const isCurl = (tool: Tool): boolean => tool === curlParallel || tool === curlSerial;
