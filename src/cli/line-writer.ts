/**
 * Lines for a stream, gathered and written once per turn of the event loop. Writes to a pipe or a file are
 * synchronous in Node on Linux, so one write per live line cost a syscall per event; batching keeps the
 * order and the liveness (a batch goes out before the loop waits on the network again).
 */
export function createLineWriter(
  stream: NodeJS.WritableStream,
  around: { before(): void; after(): void } = { before: () => undefined, after: () => undefined },
): { write(line: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    // A progress line on the same terminal is wiped first and drawn again after, so they never overlap.
    around.before();
    stream.write(text);
    around.after();
  };
  return {
    write: (line) => {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
