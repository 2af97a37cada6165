/**
 * ACI's log API, made exact: `containers.listLogs` returns the log as one text (stdout and stderr merged,
 * without the stream of each line), optionally the last `tail` lines, optionally each line prefixed with
 * its RFC 3339 timestamp. `getLogs` splits it into lines; `followLogs` polls it with timestamps and gives
 * each line exactly once — even when lines repeat (Airflow's de-duplication on the last line skips them)
 * and when more lines arrived between two polls than the tail window holds (it widens the window).
 * Pure functions and one small state holder; no I/O.
 * @see https://learn.microsoft.com/rest/api/container-instances/containers/list-logs
 */
import { isContainerHookError, type ThrottledError } from '@container-hook/core';

/** Log text → lines, each keeping its terminator, so that `lines.join('')` is the text; null or empty → []. */
export function splitLogLines(content: string | null | undefined): string[] {
  if (!content) return [];
  return content.split(/(?<=\n)/);
}

/** A line read with `timestamps=true`. */
export interface StampedLine {
  /** The timestamp as the service wrote it, or undefined when the line carried none. */
  timestamp: string | undefined;
  /** A key that orders timestamps (fractions padded to nanoseconds), '' when there is none. */
  key: string;
  /** The line without its timestamp, with its terminator. */
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/**
 * A sort key for an RFC 3339 timestamp: Docker trims trailing zeros of the fraction and ACI writes seven
 * digits, so plain string order would put `…04.1Z` after `…04.12Z`.
 */
export function timestampKey(date: string, fraction: string | undefined, zone: string): string {
  const utc = zone === 'Z' ? date : new Date(`${date}${zone}`).toISOString().slice(0, 19);
  return `${utc}.${(fraction ?? '').padEnd(9, '0')}`;
}

/** Splits `timestamps=true` output into stamped lines; a line without a stamp takes its predecessor's key. */
export function parseStampedLines(content: string | null | undefined): StampedLine[] {
  let key = '';
  return splitLogLines(content).map((line) => {
    const m = STAMP.exec(line);
    if (!m) return { timestamp: undefined, key, text: line };
    key = timestampKey(m[1]!, m[2], m[3]!);
    return { timestamp: line.slice(0, m[0].length - 1), key, text: line.slice(m[0].length) };
  });
}

/** What a poll's window gives. */
export interface CursorTake {
  /** The lines not given before, oldest first. */
  lines: StampedLine[];
  /** False when the window may not reach back to the last line given: read a wider one (lines would be lost). */
  complete: boolean;
}

/**
 * Remembers how far a follow got: the key of the last line given and how many lines with that very key
 * were given (two lines stamped in the same nanosecond are both given, once).
 */
export class LogCursor {
  #lastKey: string | undefined;
  #givenAtLastKey = 0;

  /**
   * The lines of `window` (a tail read with timestamps, oldest first) that were not given yet.
   * @param wholeLog - the window holds the whole log (it returned fewer lines than asked, or no tail was asked).
   * @param holdUnterminated - keep back a last line without a terminator (it may still grow); false once the container ended.
   */
  take(window: readonly StampedLine[], wholeLog: boolean, holdUnterminated: boolean): CursorTake {
    const lastKey = this.#lastKey;
    let lines: StampedLine[];
    let complete: boolean;
    if (lastKey === undefined) {
      lines = [...window];
      complete = wholeLog;
    } else {
      // Lines stamped before the last given one are old; of those stamped with its key, the first
      // #givenAtLastKey were given.
      complete = wholeLog || window.some((l) => l.key < lastKey);
      let sameSeen = 0;
      lines = window.filter((l) => {
        if (l.key > lastKey) return true;
        if (l.key < lastKey) return false;
        sameSeen++;
        return sameSeen > this.#givenAtLastKey;
      });
    }
    if (!complete) return { lines: [], complete: false };
    const last = lines.at(-1);
    if (holdUnterminated && last && !last.text.endsWith('\n')) lines = lines.slice(0, -1);
    for (const l of lines) {
      if (l.key === this.#lastKey) this.#givenAtLastKey++;
      else {
        this.#lastKey = l.key;
        this.#givenAtLastKey = 1;
      }
    }
    return { lines, complete: true };
  }
}

/** The interval of the next poll: short while lines flow, doubling while quiet, within [min, max]. */
export function nextPollInterval(current: number, gotLines: boolean, minInMs: number, maxInMs: number): number {
  return gotLines ? minInMs : Math.min(maxInMs, Math.max(minInMs, current * 2));
}

/** How `followLogs` rides out a request that failed for a passing reason (throttling, an unavailable service). */
export interface FollowRetryPolicy {
  /** Consecutive failures of one request that are retried; the next one is thrown. */
  retries: number;
  /** The first backoff (doubled per consecutive failure) when the service named no wait. */
  minDelayInMs: number;
  /** The longest backoff. */
  maxDelayInMs: number;
}

/**
 * The wait before retrying a request of `followLogs` that failed with `error`, `failures` (≥ 1) times in a
 * row; undefined when it must not be retried (another error, or the budget is spent), so the error is
 * thrown as it is. A `ThrottledError` waits its `retryAfterMs` when it has one; otherwise the wait doubles
 * from `minDelayInMs` up to `maxDelayInMs`.
 */
export function followRetryDelay(error: unknown, failures: number, policy: FollowRetryPolicy): number | undefined {
  if (failures > policy.retries) return undefined;
  const backoff = Math.min(policy.maxDelayInMs, policy.minDelayInMs * 2 ** Math.max(0, failures - 1));
  if (isContainerHookError(error, 'Throttled')) return (error as ThrottledError).retryAfterMs ?? backoff;
  if (isContainerHookError(error, 'BackendUnavailable')) return backoff;
  return undefined;
}
