/**
 * `run`: the main job. Creates a group (from flags, or `--file` with flags overriding its main container),
 * streams its logs to stdout each line once, shows progress on stderr, deletes it afterwards (unless
 * `--keep`) and resolves to the main container's exit code. Ctrl-C aborts through the signal, which
 * deletes the group; main maps the abort to 130 and any other failure of ours to 125.
 */
import { randomBytes } from 'node:crypto';
import {
  assertValidContainerGroup,
  isContainerHookError,
  runContainerGroupEvents,
  type RunInstanceEvent,
  type RunResult,
  type RunStateEvent,
} from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { readGroupFile } from '../group-file.js';
import { createStatusLine, formatElapsed } from '../progress.js';
import { mask } from '../report-error.js';
import { buildRunGroup, resolveSecureEnv } from '../run-group.js';

export interface RunOptions {
  /** The command and its arguments (after `--`). */
  command?: string[];
  image?: string;
  name?: string;
  location?: string;
  cpu?: number;
  memory?: number;
  env?: string[];
  secureEnv?: string[];
  secureEnvFile?: string;
  restartPolicy?: string;
  port?: number[];
  file?: string;
  keep?: boolean;
  /** Seconds. */
  timeout?: number;
  allLogs?: boolean;
}

/** What `run --json` prints. */
export interface RunJsonResult extends RunResult {
  name: string;
  resourceGroup: string;
  connection: string;
}

/** A fresh group name: `run-` and 8 hex digits. */
export function randomRunName(): string {
  return `run-${randomBytes(4).toString('hex')}`;
}

export async function run(options: RunOptions, ctx: CommandContext): Promise<number> {
  const { out, globals } = ctx;
  const resourceGroup = globals.resourceGroup;
  const secureEnv = await resolveSecureEnv(options.secureEnv ?? [], options.secureEnvFile, ctx.env);
  const secrets = secureEnv.map((s) => s.value);
  ctx.addSecrets(secrets);
  const file = options.file === undefined ? undefined : await readGroupFile(options.file);
  const name = options.name ?? file?.name ?? randomRunName();
  const group = buildRunGroup(
    name,
    {
      image: options.image,
      location: options.location,
      cpu: options.cpu,
      memory: options.memory,
      env: options.env,
      secureEnv,
      restartPolicy: options.restartPolicy,
      ports: options.port,
      command: options.command,
    },
    file?.group,
    ctx.now(),
  );
  assertValidContainerGroup(name, group);
  const hook = await ctx.hook();

  const containerCount = group.containers.length + (group.initContainers?.length ?? 0);
  const prefixed = Boolean(options.allLogs) && group.containers.length > 1;
  // With --json, stdout is the result document: the live log goes to stderr.
  const writeLog = (text: string) => (out.json ? out.writeErr(text) : out.write(text));
  const startedAt = Date.now();
  const status = await createStatusLine(out, name, startedAt);
  const say = (text: string) => status.note(mask(text, secrets));
  say(`creating in resource group "${resourceGroup}" (connection "${globals.conn}")`);
  let result: RunResult | undefined;
  try {
    for await (const event of runContainerGroupEvents(hook, resourceGroup, name, group, {
      failIfExists: true,
      removeOnSuccess: !options.keep,
      removeOnError: !options.keep,
      logs: options.allLogs ? 'all' : 'main',
      collectLogs: out.json,
      abortSignal: ctx.abortSignal,
      ...(options.timeout === undefined ? {} : { timeoutInMs: Math.round(options.timeout * 1000) }),
    })) {
      switch (event.type) {
        case 'log': {
          const { text, container } = event.line;
          writeLog(prefixed ? `[${container}] ${withNewline(text)}` : out.json ? withNewline(text) : text);
          break;
        }
        case 'state':
          status.state(mask(describeState(event), secrets));
          break;
        case 'event':
          say(describeEvent(event, containerCount > 1));
          break;
        case 'done':
          result = event.result;
          break;
      }
    }
  } catch (e) {
    // Not handled here (main reports it): only says what became of the group, which the error cannot.
    status.stop();
    const cleanupFailed = typeof e === 'object' && e !== null && 'cleanupError' in e;
    if (options.keep && !isContainerHookError(e, 'ContainerGroupExists')) out.progress(keptNotice(name, resourceGroup));
    else if (ctx.abortSignal.aborted && !cleanupFailed) out.progress(`container-hook: interrupted; container group "${name}" was deleted`);
    throw e;
  } finally {
    status.stop();
  }
  if (result === undefined) throw new Error('the run ended without a result');
  if (options.keep) out.progress(keptNotice(name, resourceGroup));
  const elapsed = formatElapsed(Date.now() - startedAt);
  out.progress(
    `container-hook: ${name} exited with code ${result.exitCode}${result.detailStatus ? ` (${result.detailStatus})` : ''} after ${elapsed}${result.deleted ? '; group deleted' : ''}`,
  );
  if (out.json) out.result({ name, resourceGroup, connection: globals.conn, ...result } satisfies RunJsonResult);
  return result.exitCode;
}

function keptNotice(name: string, resourceGroup: string): string {
  return `container-hook: kept container group "${name}"; delete it with: container-hook delete ${name} -g ${resourceGroup}`;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** `Running`, `Terminated, exit code 3 (Error)`, `Waiting (Pulling), restarted 1 time`. */
export function describeState(e: RunStateEvent): string {
  let text = e.state;
  if (e.exitCode !== undefined) text += `, exit code ${e.exitCode}`;
  if (e.detailStatus) text += ` (${e.detailStatus})`;
  if (e.restartCount > 0) text += `, restarted ${e.restartCount} time${e.restartCount > 1 ? 's' : ''}`;
  return text;
}

/** `Started: Started container`; with several containers, `side: Started: …` (the group's own events have none). */
export function describeEvent(e: RunInstanceEvent, nameContainer: boolean): string {
  const { name, message, type } = e.event;
  const what = [name, message].filter((s) => s !== undefined && s !== '').join(': ');
  return `${e.container && nameContainer ? `${e.container}: ` : ''}${type === 'Warning' ? 'warning: ' : ''}${what || 'event'}`;
}
