/** Runs `main` in-process with captured streams, as a user would see it: `{ exitCode, stdout, stderr }`. */
import type { ContainerGroupHook } from '@container-hook/core';
import { main } from './main.js';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  hook?: ContainerGroupHook;
  abortSignal?: AbortSignal;
  now?: () => Date;
}

export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, {
    streams: { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
    env: options.env ?? {},
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.now ? { now: options.now } : {}),
    createHook: async () => {
      if (!options.hook) throw new Error('this test gave no hook');
      return options.hook;
    },
  });
  return { exitCode, stdout, stderr };
}
