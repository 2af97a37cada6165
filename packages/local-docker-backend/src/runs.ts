import type { Readable } from 'node:stream';
import createDebug from 'debug';
import type Docker from 'dockerode';
import { isAbortError, throwIfAborted } from '@container-hook/core';
import { messageOf } from './errors.js';
import { finishedRun, mergeRuns, previousRun, runsFromEvents, type EngineContainer, type EngineEvent, type RunRecord } from './state.js';
import { tarFiles, untarFirst } from './tar.js';
import { EngineEventParser } from './watch.js';

const log = createDebug('container-hook:docker');

/** In each sandbox: the finished runs of the group's containers (see {@link runHistory}). */
export const RUNS_FILE = '.container-hook-runs.json';

/** The finished runs kept per container name, as stored in {@link RUNS_FILE}. */
export type StoredRuns = Record<string, RunRecord[]>;

/** The containers whose earlier runs `getState` needs: those that restarted, or are about to. Pure. */
export function toRestarted(members: Map<string, EngineContainer | undefined>): Array<[string, EngineContainer]> {
  return [...members].filter((e): e is [string, EngineContainer] => e[1] !== undefined && (e[1].RestartCount > 0 || e[1].State.Restarting));
}

/**
 * Adds the run each container just finished (when it is not running) to the stored runs. Returns the
 * runs (every container given has an entry), whether they changed, and the containers that restarted but
 * whose previous run is still unknown (to be learned from the engine's events). Pure.
 */
export function recordFinishedRuns(stored: StoredRuns, containers: ReadonlyArray<[string, EngineContainer]>): { runs: StoredRuns; changed: boolean; missing: Array<[string, EngineContainer]> } {
  const result: StoredRuns = { ...stored };
  let changed = false;
  const missing: Array<[string, EngineContainer]> = [];
  for (const [n, c] of containers) {
    let runs = result[n] ?? [];
    const finished = finishedRun(c);
    if (finished) {
      const merged = mergeRuns(runs, [finished]);
      if (merged.length !== runs.length || merged.some((r, i) => r !== runs[i])) changed = true;
      runs = merged;
    }
    if (c.RestartCount > 0 && !c.State.Restarting && !previousRun(c, runs)) missing.push([n, c]);
    result[n] = runs;
  }
  return { runs: result, changed, missing };
}

/** Adds the runs learned from the engine's events (any containers' events, matched by id) to the stored runs. Pure. */
export function learnRuns(stored: StoredRuns, containers: ReadonlyArray<[string, EngineContainer]>, events: readonly EngineEvent[]): { runs: StoredRuns; changed: boolean } {
  const result: StoredRuns = { ...stored };
  let changed = false;
  for (const [n, c] of containers) {
    const learned = runsFromEvents(events.filter((e) => (e.Actor?.ID ?? e.id) === c.Id));
    const merged = mergeRuns(result[n] ?? [], learned);
    if (merged.length !== (result[n] ?? []).length) changed = true;
    result[n] = merged;
  }
  return { runs: result, changed };
}

/**
 * The finished runs of the group's containers that restarted (or are about to), for `previousState`: the
 * engine forgets a run's exit code once the container runs again. Read from a small file in the group's
 * sandbox (exit codes and times only, no secret); a run missing there is looked up in the engine's recent
 * events (it keeps the last 256, engine-wide) and written back. Best effort: without a record,
 * previousState has no exitCode.
 */
export async function runHistory(
  docker: Docker,
  sandbox: { Id: string; Name: string },
  members: Map<string, EngineContainer | undefined>,
  signal: AbortSignal | undefined,
): Promise<Map<string, readonly RunRecord[]>> {
  const wanted = toRestarted(members);
  const history = new Map<string, readonly RunRecord[]>();
  if (wanted.length === 0) return history;
  const recorded = recordFinishedRuns(await readRuns(docker, sandbox.Id, signal), wanted);
  let { runs, changed } = recorded;
  if (recorded.missing.length > 0) {
    const events = await recentEvents(docker, recorded.missing.map(([, c]) => c), signal).catch((e: unknown) => {
      if (isAbortError(e)) throw e;
      log('events of %s unavailable: %s', sandbox.Name, messageOf(e));
      return [] as EngineEvent[];
    });
    const learned = learnRuns(runs, recorded.missing, events);
    runs = learned.runs;
    changed ||= learned.changed;
  }
  if (changed) await writeRuns(docker, sandbox.Id, runs, signal);
  for (const [n] of wanted) history.set(n, runs[n] ?? []);
  return history;
}

/** The engine's buffered start/oom/die events of these containers, from their creation until now (no waiting). */
async function recentEvents(docker: Docker, containers: EngineContainer[], signal: AbortSignal | undefined): Promise<EngineEvent[]> {
  throwIfAborted(signal);
  const since = Math.min(...containers.map((c) => Date.parse(c.Created))) - 1000;
  const now = Date.now();
  const stream = (await docker.getEvents({
    since: Math.floor(since / 1000),
    // `until` in the past makes the engine return its buffered events and close the stream.
    until: `${Math.floor(now / 1000)}.${String(now % 1000).padStart(3, '0')}000000`,
    filters: { type: ['container'], container: containers.map((c) => c.Id), event: ['start', 'oom', 'die'] },
    abortSignal: signal,
  } as object)) as unknown as Readable;
  const parser = new EngineEventParser();
  const events: EngineEvent[] = [];
  for await (const chunk of stream) events.push(...parser.push(chunk as Buffer));
  return events;
}

async function readRuns(docker: Docker, sandboxId: string, signal: AbortSignal | undefined): Promise<StoredRuns> {
  try {
    const stream = (await docker.getContainer(sandboxId).getArchive({ path: `/${RUNS_FILE}`, abortSignal: signal } as object)) as unknown as Readable;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const content = untarFirst(Buffer.concat(chunks));
    return content ? (JSON.parse(content.toString('utf8')) as StoredRuns) : {};
  } catch (e) {
    if (isAbortError(e)) throw e;
    return {}; // not written yet (404), or unreadable: start afresh
  }
}

async function writeRuns(docker: Docker, sandboxId: string, runs: StoredRuns, signal: AbortSignal | undefined): Promise<void> {
  const archive = tarFiles([{ name: RUNS_FILE, content: Buffer.from(JSON.stringify(runs)), mode: 0o644 }], Math.floor(Date.now() / 1000));
  await docker
    .getContainer(sandboxId)
    .putArchive(archive, { path: '/', abortSignal: signal } as object)
    .catch((e: unknown) => {
      if (isAbortError(e)) throw e;
      log('runs of %s not recorded: %s', sandboxId.slice(0, 12), messageOf(e));
    });
}
