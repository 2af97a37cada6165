import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { AbortError, delay, isTerminalGroup, throwIfAborted, type ContainerGroup } from '@container-hook/core';
import { toGroupFilter, type GroupNames } from './mapping.js';
import type { EngineEvent } from './state.js';

/**
 * The container events that may change what `getState` reports. `kill` comes before `die` and changes
 * nothing by itself, but it starts the burst of a `stop`; a `delete` starts with the sandbox's `rename`
 * (the group reads as not found from then on), which the debounce gathers with the kills that follow.
 */
export const WATCHED_EVENTS = ['start', 'die', 'oom', 'restart', 'kill', 'destroy', 'pause', 'unpause', 'rename'] as const;

/** How long the event stream must stay quiet before `watch` reads the group (one `getState` per burst). */
export const WATCH_DEBOUNCE_IN_MS = 50;
/** The longest a burst may delay a read of the group. */
export const WATCH_MAX_DELAY_IN_MS = 1000;

/** Splits the engine's event stream (one JSON object per line, whatever the chunking) into events. Pure. */
export class EngineEventParser {
  #buffered = '';

  push(chunk: Buffer | string): EngineEvent[] {
    this.#buffered += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const events: EngineEvent[] = [];
    let nl: number;
    while ((nl = this.#buffered.indexOf('\n')) >= 0) {
      const line = this.#buffered.slice(0, nl).trim();
      this.#buffered = this.#buffered.slice(nl + 1);
      if (line) events.push(JSON.parse(line) as EngineEvent);
    }
    return events;
  }
}

/** Counts the events of a stream and lets a reader wait for the next burst to end. */
export class EventFeed {
  #count = 0;
  #closed = false;
  #wake: (() => void) | undefined;

  /** One more event. */
  push(): void {
    this.#count++;
    this.#wake?.();
  }

  /** The stream ended (or failed). */
  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves once an event arrived since the last {@link take} (or the stream ended); rejects on abort. */
  async next(signal: AbortSignal | undefined): Promise<void> {
    while (this.#count === 0 && !this.#closed) {
      throwIfAborted(signal);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(new AbortError());
        this.#wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      this.#wake = undefined;
    }
  }

  /** Waits until no event came for `quietInMs` (at most `maxInMs` in all), then forgets the events seen. */
  async settle(quietInMs: number, maxInMs: number, signal: AbortSignal | undefined): Promise<void> {
    const end = Date.now() + maxInMs;
    for (;;) {
      const before = this.#count;
      await delay(Math.min(quietInMs, Math.max(0, end - Date.now())), { abortSignal: signal });
      if (this.#count === before || Date.now() >= end || this.#closed) break;
    }
    this.#count = 0;
  }
}

/**
 * The group as `read` gives it (`getState`): once now, then after each burst of the engine's events about
 * its containers ({@link WATCHED_EVENTS}), streamed by the engine with no polling; a burst gives one read,
 * after {@link WATCH_DEBOUNCE_IN_MS} ms of quiet. Ends after yielding a group that will not change by itself
 * (the core's {@link isTerminalGroup}). Errors (the group's absence, the engine's, an abort) are thrown as they are.
 */
export async function* watchGroup(docker: Docker, names: GroupNames, read: () => Promise<ContainerGroup>, signal: AbortSignal | undefined): AsyncIterable<ContainerGroup> {
  const filters = { type: ['container'], event: [...WATCHED_EVENTS], ...toGroupFilter(names) };
  let feed = new EventFeed();
  let stream: Readable | undefined;
  // Subscribed before the first read, so that no change falls in between; a re-subscription replays
  // from the last event's second.
  let sinceInSeconds: number | undefined;
  const subscribe = async () => {
    const current = new EventFeed();
    const parser = new EngineEventParser();
    const s = (await docker.getEvents({ ...(sinceInSeconds !== undefined ? { since: sinceInSeconds } : {}), filters, abortSignal: signal } as object)) as unknown as Readable;
    s.on('data', (chunk: Buffer) => {
      for (const e of parser.push(chunk)) {
        if (e.time !== undefined) sinceInSeconds = e.time;
        current.push();
      }
    });
    s.on('end', () => current.close());
    s.on('close', () => current.close());
    s.on('error', () => current.close());
    stream = s;
    feed = current;
  };
  try {
    await subscribe();
    for (;;) {
      const group = await read();
      yield group;
      if (isTerminalGroup(group)) return;
      await feed.next(signal);
      if (feed.closed) {
        // The engine ended the stream (it restarted?): subscribe again from the last event's second.
        stream?.destroy();
        await subscribe();
        continue;
      }
      await feed.settle(WATCH_DEBOUNCE_IN_MS, WATCH_MAX_DELAY_IN_MS, signal);
    }
  } finally {
    stream?.destroy();
  }
}
