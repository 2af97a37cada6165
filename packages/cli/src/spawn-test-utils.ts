/** Spawns the built `container-hook` binary as a user would, and captures what a user sees. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/container-hook.js');
const DIST_MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnCliOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra arguments to node itself (`--import …`). */
  nodeArgs?: string[];
  input?: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** What was written so far. */
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<ExecResult>;
}

/** Fails with a clear message when the CLI was not built (the globalSetup builds it). */
export function assertBuilt(): void {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run "pnpm run build" (or add the CLI's build globalSetup to vitest.config.ts)`);
}

export function startCli(args: readonly string[], options: SpawnCliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, ...args], {
    env: { ...cleanEnv(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin!.end(options.input ?? '');
  const done = new Promise<ExecResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
  };
}

/** This process's environment without what would change which connection or resource group the CLI uses. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('AIRFLOW_CONN_') || k.startsWith('CONTAINER_HOOK_') || k === 'NODE_OPTIONS' || k.startsWith('VITEST') || k === 'FORCE_COLOR') delete env[k];
  }
  return env;
}

export function execCli(args: readonly string[], options: SpawnCliOptions = {}): Promise<ExecResult> {
  return startCli(args, options).done;
}

/** Waits until `check` holds, polling every 50 ms. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutInMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutInMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutInMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
