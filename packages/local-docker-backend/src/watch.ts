import { AbortError, delay, throwIfAborted, type ContainerGroup } from '@container-hook/core';
import type { EngineEvent } from './state.js';

/**
 * The container events that may change what `getState` reports. `kill` comes before `die` and changes
 * nothing by itself, but it starts the burst of a `stop` or a `delete`, which the debounce then gathers.
 */
export const WATCHED_EVENTS = ['start', 'die', 'oom', 'restart', 'kill', 'destroy', 'pause', 'unpause'] as const;

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

/**
 * Whether a group, as `getState` returns it, will change no more by itself, so that a watch can end:
 * provisioning failed, the group was stopped, or every container stopped for good (the engine will not
 * restart it: the group state is then `Succeeded` or `Failed`). Pure.
 */
export function isTerminalGroup(group: ContainerGroup): boolean {
  if (group.provisioningState === 'Failed') return true;
  const state = group.instanceView?.state;
  return state === 'Stopped' || state === 'Succeeded' || state === 'Failed';
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
