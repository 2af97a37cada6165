/**
 * `emulator`: the ACI emulator (`@container-hook/aci-emulator`) in the foreground, as Azurite is run. It
 * prints its endpoint, CA, connection and environment, serves until Ctrl-C (SIGINT) or SIGTERM, then stops
 * cleanly — deleting the container groups it created — and exits 0. `--print-env` prints the `export`
 * lines of the emulator of a state folder without serving, for `eval "$(container-hook emulator --print-env)"`
 * in another terminal.
 *
 * The port is kept in `<stateDir>/port` (8443 the first time, or `--port`), so the printed environment
 * stays valid across restarts, as the CA and the identity kept in the same folder do.
 * Loaded only when the command runs: the emulator brings fastify and jose, which no other command needs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AciEmulator, AciEmulatorConnection, AciEmulatorDescription } from '@container-hook/aci-emulator';
import { BackendUnavailableError } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatFields } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface EmulatorOptions {
  /** The TCP port on 127.0.0.1; 0 takes a free one. Default: the one kept in the state folder, else 8443. */
  port?: number;
  /** Default: the emulator's `defaultStateDir()` (`$XDG_STATE_HOME/container-hook/aci-emulator`). */
  stateDir?: string;
  /** `FROM=TO` pairs (`nginx=container-hook/busybox:local`). */
  imageMap?: string[];
  strictResourceGroups?: boolean;
  /** Print the `export` lines of the state folder's emulator and exit, without serving. */
  printEnv?: boolean;
  /** Print the `az cloud register` / `cloud set` / `login` commands (and the CA line) for the state folder's emulator, and exit. */
  printAz?: boolean;
}

/** What `emulator --json` (and `emulator --print-env --json`) prints. */
export interface EmulatorJsonResult {
  url: string;
  caCertificatePath: string;
  clientCertificatePath: string;
  stateDir: string;
  /** Airflow's JSON form, for `AIRFLOW_CONN_<ID>`; holds the emulator's (local-only) client secret. */
  connection: AciEmulatorConnection;
  env: Record<string, string>;
}

/** The port of a state folder's first run, as Azure's own HTTPS port is 443. */
export const DEFAULT_EMULATOR_PORT = 8443;

/** The file, in the state folder, that keeps the port between runs. */
export const PORT_FILE = 'port';

export async function emulator(options: EmulatorOptions, ctx: CommandContext): Promise<number> {
  const { out } = ctx;
  // Loaded here: fastify, jose and the certificate code are for this command only.
  const emulatorPackage = await import('@container-hook/aci-emulator');
  const imageMap = toImageMap(emulatorPackage.parseImageMap, options.imageMap ?? []);
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw new UsageError('--port expects a port number from 0 to 65535 (0: any free port)');
  }
  if (options.printEnv && options.printAz) throw new UsageError('--print-env and --print-az print different things: give one of them');
  if ((options.printEnv || options.printAz) && options.port === 0) {
    throw new UsageError(`${options.printEnv ? '--print-env' : '--print-az'} needs a fixed port: leave out --port to use the state folder's, or give a port other than 0`);
  }
  const stateDir = path.resolve(options.stateDir ?? emulatorPackage.defaultStateDir());
  const port = options.port ?? (await readPortFile(stateDir)) ?? DEFAULT_EMULATOR_PORT;

  if (options.printAz) {
    const description = await emulatorPackage.describeAciEmulator({ stateDir, port });
    await writePortFile(stateDir, port);
    const setup = emulatorPackage.toAzureCliSetup(description);
    out.result(setup, () => emulatorPackage.formatAzureCliSetup(setup));
    return ExitCode.Success;
  }

  if (options.printEnv) {
    const result = toResult(await emulatorPackage.describeAciEmulator({ stateDir, port }), stateDir);
    await writePortFile(stateDir, port);
    out.result(result, () => formatExports(result.env));
    return ExitCode.Success;
  }

  const started = await start(emulatorPackage.startAciEmulator, { port, stateDir, imageMap, strictResourceGroups: options.strictResourceGroups === true });
  let stopping = false;
  try {
    const result = toResult(started, stateDir);
    await writePortFile(stateDir, Number(new URL(started.url).port));
    const printEnvCommand = `container-hook emulator --print-env${options.stateDir === undefined ? '' : ` --state-dir ${shellQuote(stateDir)}`}`;
    out.result(result, () => formatInfo(result, imageMap, printEnvCommand));
    out.progress(`container-hook: ACI emulator serving on ${started.url}; Ctrl-C stops it and deletes the container groups it created`);
    await untilAborted(ctx.abortSignal);
    stopping = true;
    out.progress('container-hook: stopping the ACI emulator and deleting the container groups it created');
  } finally {
    await stop(started, stopping ? undefined : 'the ACI emulator');
  }
  out.progress('container-hook: ACI emulator stopped');
  // Ctrl-C and SIGTERM are how a foreground server is meant to end: a clean stop is a success (as Azurite
  // exits 0). A reader of stdout that went away is not: main reports it (141).
  const reason: unknown = ctx.abortSignal.reason;
  if (reason === 'SIGINT' || reason === 'SIGTERM') return ExitCode.Success;
  throw new DOMException('interrupted', 'AbortError');
}

/** `export K='V'` lines, quoted for a POSIX shell (so `eval "$(…)"` sets exactly these values). */
export function formatExports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function toImageMap(parseImageMap: (pairs: readonly string[]) => Record<string, string>, pairs: readonly string[]): Record<string, string> {
  try {
    return parseImageMap(pairs);
  } catch (e) {
    if (e instanceof TypeError) throw new UsageError(`--image-map: ${e.message}`);
    throw e;
  }
}

async function readPortFile(stateDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(stateDir, PORT_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const port = Number(text.trim());
  // A file we did not write (or a damaged one) is not worth failing over: the default is used and rewritten.
  return /^\d+$/.test(text.trim()) && port >= 1 && port <= 65535 ? port : undefined;
}

async function writePortFile(stateDir: string, port: number): Promise<void> {
  await writeFile(path.join(stateDir, PORT_FILE), `${port}\n`, { mode: 0o600 });
}

type StartOptions = { port: number; stateDir: string; imageMap: Record<string, string>; strictResourceGroups: boolean };

async function start(startAciEmulator: (options: StartOptions) => Promise<AciEmulator>, options: StartOptions): Promise<AciEmulator> {
  try {
    return await startAciEmulator(options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EADDRINUSE') {
      throw new UsageError(`port ${options.port} of 127.0.0.1 is already in use (another emulator of this state folder?); stop it, or pick another with --port`);
    }
    if (code === 'EACCES') {
      throw new UsageError(`this user may not listen on port ${options.port} of 127.0.0.1; pick a port above 1023 with --port`);
    }
    throw e;
  }
}

/** Stops the emulator; a failure to delete its groups is reported as such (the engine is what failed). */
async function stop(emulator: AciEmulator, whileHandling?: string): Promise<void> {
  try {
    await emulator.stop();
  } catch (e) {
    // When an error is already on its way out, it is the one to report; this one would hide it.
    if (whileHandling !== undefined) return;
    throw new BackendUnavailableError(
      `the ACI emulator stopped, but could not delete every container group it created; remove what is left with "docker ps -a --filter label=container-hook.aci-emulator=true"`,
      { cause: e },
    );
  }
}

function toResult(emulator: AciEmulatorDescription, stateDir: string): EmulatorJsonResult {
  return {
    url: emulator.url,
    caCertificatePath: emulator.caCertificatePath,
    clientCertificatePath: emulator.clientCertificatePath,
    stateDir,
    connection: emulator.connection,
    env: emulator.env,
  };
}

function formatInfo(result: EmulatorJsonResult, imageMap: Readonly<Record<string, string>>, printEnvCommand: string): string {
  const mapped = Object.entries(imageMap).map(([from, to]) => `${from}=${to}`);
  return [
    formatFields([
      ['url', result.url],
      ['ca certificate', result.caCertificatePath],
      ['client certificate', result.clientCertificatePath],
      ['state folder', result.stateDir],
      ['tenant', result.connection.extra.tenantId],
      ['subscription', result.connection.extra.subscriptionId],
      ['image map', mapped.length === 0 ? 'none (images are pulled as named)' : mapped.join(', ')],
    ]),
    '',
    '# The connection, for AIRFLOW_CONN_<ID> (its secret is a local-only credential of this emulator):',
    `# ${JSON.stringify(result.connection)}`,
    '',
    `# The environment of the Azure SDKs (in another terminal: eval "$(${printEnvCommand})"):`,
    formatExports(result.env),
  ].join('\n');
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
