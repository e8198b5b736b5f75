import type { GithubWhen } from './options.js';

/** What GitHub Actions gives a step, read from its environment once. */
export interface GithubStep {
  /** Annotations, the appended summary and step outputs are written. */
  on: boolean;
  /** $GITHUB_STEP_SUMMARY: a --markdown to this file appends, on or off. */
  summaryFile: string | null;
  /** $GITHUB_OUTPUT. */
  outputFile: string | null;
}

/** On with --github on, or (auto) inside a GitHub Actions job, which sets GITHUB_ACTIONS=true. */
export function githubStep(when: GithubWhen, env: NodeJS.ProcessEnv): GithubStep {
  const file = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);
  return {
    on: when === 'on' || (when === 'auto' && env.GITHUB_ACTIONS === 'true'),
    summaryFile: file(env.GITHUB_STEP_SUMMARY),
    outputFile: file(env.GITHUB_OUTPUT),
  };
}
