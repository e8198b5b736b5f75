import { afterAll, beforeAll } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/server.js';
import { makeTempDir } from './temp.js';

export interface Workspace {
  /** Base URL of the fixture server, available once the file's tests run. */
  readonly baseUrl: string;
  temp: ReturnType<typeof makeTempDir>;
  /** Writes a URL list (one per line) into the temporary folder and returns its path. */
  list(name: string, urls: readonly string[]): string;
}

/** A fixture server and a temporary folder for one test file, both removed after its last test. */
export function useWorkspace(): Workspace {
  let server: FixtureServer | undefined;
  const temp = makeTempDir();
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
    temp.remove();
  });
  return {
    get baseUrl() {
      if (server === undefined) throw new Error('the fixture server starts in beforeAll');
      return server.url;
    },
    temp,
    list: (name, urls) => temp.write(name, `${urls.join('\n')}\n`),
  };
}
