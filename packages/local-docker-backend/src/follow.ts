import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import { isAbortError, throwIfAborted, type ContainerGroup, type LogLine } from '@container-hook/core';
import { inspectContainer } from './containers.js';
import { isConflict, isNotFound, toHookError, type ErrorTarget } from './errors.js';
import { FollowDeduper, FrameParser, LineAssembler, restoresNewline, toLogLine, type AssembledLine, type LogSource } from './logs.js';
import { readLogWindow } from './tail.js';
import { EngineEventParser } from './watch.js';

/**
 * What to do once a follow stream ended, from the container's state then: `reopen` when it runs again
 * (restarted while we were reading: follow the new run), `wait` for the engine to (re)start it, `end` when
 * it exited or is dead and the engine will not restart it. Pure.
 */
export function toFollowStep(state: Pick<ContainerInspectInfo['State'], 'Running' | 'Restarting' | 'Status'>): 'reopen' | 'wait' | 'end' {
  if (state.Running && !state.Restarting) return 'reopen';
  if (state.Restarting || state.Status === 'created') return 'wait';
  return 'end';
}

/** Whether a created container may still be started: a group whose provisioning failed, or that was stopped, never starts it. Pure. */
export function mayStart(group: ContainerGroup | undefined): boolean {
  return group !== undefined && group.provisioningState !== 'Failed' && group.instanceView?.state !== 'Stopped';
}

/**
 * A container's log lines, each exactly once and in order, across the engine's restarts of it, until it
 * stopped for good, is removed, or the signal aborts. Each run is read with {@link followRun}; when the
 * engine restarts the container, the stream is re-opened from the last lines given. `readGroup` reads the
 * group (undefined when it cannot), to tell whether a created container may still start.
 */
export async function* followContainer(
  docker: Docker,
  source: LogSource,
  readGroup: () => Promise<ContainerGroup | undefined>,
  errorTarget: ErrorTarget,
  signal: AbortSignal | undefined,
): AsyncIterable<LogLine> {
  const container = docker.getContainer(source.engineName);
  const dedupe = new FollowDeduper();
  for (;;) {
    throwIfAborted(signal);
    const openedAt = Date.now();
    const since = dedupe.reopen();
    let info: ContainerInspectInfo | undefined;
    try {
      info = await inspectContainer(docker, source.engineName, signal);
      if (!info) return; // deleted, or never created (image pull failed)
      if (info.State.Status !== 'created') {
        for await (const line of followRun(container, since, restoresNewline(info), dedupe, signal)) yield toLogLine(source.container, line);
      }
      info = await inspectContainer(docker, source.engineName, signal);
      if (!info) return;
    } catch (e) {
      if (isAbortError(e) || signal?.aborted) return;
      // Removed, or being removed (409 "marked for removal"), while we read: as when it is gone.
      if (isNotFound(e) || isConflict(e)) return;
      throw toHookError(e, errorTarget);
    }
    const step = toFollowStep(info.State);
    if (step === 'end') return;
    if (step === 'wait') {
      // Wait for the engine to (re)start it; a group whose provisioning failed never starts it.
      if (info.State.Status === 'created' && !mayStart(await readGroup())) return;
      if (!(await waitForStart(docker, info.Id, openedAt, signal))) return;
    }
  }
}

/** One run of the container: its follow stream (from `since`), then the catch-up read; lines already given are skipped. */
async function* followRun(
  container: Docker.Container,
  since: string | undefined,
  restoreNewline: boolean,
  dedupe: FollowDeduper,
  signal: AbortSignal | undefined,
): AsyncIterable<AssembledLine> {
  const stream = (await container.logs({
    stdout: true,
    stderr: true,
    follow: true,
    timestamps: true,
    ...(since !== undefined ? { since } : {}),
    abortSignal: signal,
  } as object)) as unknown as Readable;
  for await (const line of linesOf(stream, restoreNewline, signal)) {
    if (dedupe.accept(line)) yield line;
  }
  // WARNING: engine 20.10 may end a follow stream when the container stops before sending its last
  // entries (seen with both the local and json-file drivers), so read once more, without follow,
  // from the last lines given; the deduper skips what was already given.
  throwIfAborted(signal);
  const rest = await readLogWindow(container, { since: dedupe.reopen() }, restoreNewline, signal);
  for (const line of rest.lines) if (dedupe.accept(line)) yield line;
}

async function* linesOf(stream: Readable, restoreNewline: boolean, signal: AbortSignal | undefined): AsyncIterable<AssembledLine> {
  const parser = new FrameParser();
  const assembler = new LineAssembler({ timestamps: true, restoreNewline });
  const onAbort = () => stream.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      for (const frame of parser.push(chunk as Buffer)) yield* assembler.push(frame);
    }
    // No `end()`: a cut line still open when the stream ended may be missing fragments; the catch-up
    // read after the stream gives it whole (lines without newline are complete without `end()`).
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}

/** Waits (on the engine's event stream, replayed from `sinceMs`) until the container starts; false if it was destroyed. */
async function waitForStart(docker: Docker, id: string, sinceMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  const stream = (await docker.getEvents({
    since: Math.floor(sinceMs / 1000),
    filters: { type: ['container'], container: [id], event: ['start', 'destroy'] },
    abortSignal: signal,
  } as object)) as unknown as Readable;
  const onAbort = () => stream.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const parser = new EngineEventParser();
    for await (const chunk of stream) {
      for (const ev of parser.push(chunk as Buffer)) {
        const action = ev.Action ?? ev.status;
        if (ev.timeNano !== undefined && ev.timeNano / 1e6 < sinceMs) continue;
        if (action === 'destroy') return false;
        if (action === 'start') return true;
      }
    }
    return false;
  } catch (e) {
    if (signal?.aborted) return false;
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}
