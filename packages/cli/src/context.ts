/**
 * What every command function receives: the global options, where to write, the environment, the
 * interrupt signal and a lazily created hook. Type-only imports: loading this file loads nothing.
 */
import type { ContainerGroupHook } from '@container-hook/core';
import type { Output } from './output.js';

/** The global options every command sees. */
export interface GlobalOptions {
  conn: string;
  resourceGroup: string;
  json: boolean;
  verbose: boolean;
}

/** Creates the hook of a connection; the default loads `container-hook` (and so only the backend the connection's type selects). */
export type HookFactory = (connId: string, env: NodeJS.ProcessEnv) => Promise<ContainerGroupHook>;

export interface CommandContext {
  readonly globals: GlobalOptions;
  readonly out: Output;
  readonly env: NodeJS.ProcessEnv;
  /** Aborts on Ctrl-C (SIGINT) or SIGTERM. */
  readonly abortSignal: AbortSignal;
  /** The hook of `--conn`, created on first use (no network I/O). */
  hook(): Promise<ContainerGroupHook>;
  /** Values to hide from any error or progress line printed afterwards (`--secure-env` values). */
  addSecrets(values: readonly string[]): void;
  /** The clock (tests pin it). */
  now(): Date;
}

/** The default {@link HookFactory}. */
export const createHookFromPackage: HookFactory = async (connId, env) => (await import('container-hook')).createHook(connId, { env });
