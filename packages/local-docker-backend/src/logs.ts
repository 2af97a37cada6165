/**
 * The engine's log streams, turned into lines. Non-TTY containers' logs come multiplexed: frames of an
 * 8-byte header (stream 1 = stdout, 2 = stderr; big-endian length) and a payload, one log entry per frame.
 * The engine cuts lines longer than 16 KiB into several entries ("partial messages") of exactly 16 KiB but
 * the last, and with `timestamps` each frame starts with the entry's RFC 3339 time (nanoseconds, fixed 9
 * digits) and a space — the same time on every fragment of a line. The `json-file` driver keeps the `\n`
 * of a cut line's last fragment (but garbles characters cut in two); the `local` driver keeps the bytes but
 * its reader drops that `\n`. Everything here is pure.
 */

import { TextDecoder } from 'node:util';
import { logContainerOf, type ContainerGroup, type LogLine } from '@container-hook/core';
import type { GroupNames } from './mapping.js';

/** One frame of the engine's multiplexed stream. */
export interface Frame {
  stream: 'stdout' | 'stderr';
  payload: Buffer;
}

/** Splits the engine's multiplexed byte stream into frames, whatever the chunking. */
export class FrameParser {
  #pending: Buffer = Buffer.alloc(0);

  /** Frames completed by `chunk`. */
  push(chunk: Buffer): Frame[] {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    const frames: Frame[] = [];
    let o = 0;
    while (this.#pending.length - o >= 8) {
      const type = this.#pending[o]!;
      const len = this.#pending.readUInt32BE(o + 4);
      if (this.#pending.length - o - 8 < len) break;
      // 0 (stdin) never appears in logs; treat anything but 2 as stdout.
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', payload: this.#pending.subarray(o + 8, o + 8 + len) });
      o += 8 + len;
    }
    this.#pending = this.#pending.subarray(o);
    return frames;
  }

  /** Bytes of an incomplete frame left at the end (0 when the stream ended cleanly). */
  get leftover(): number {
    return this.#pending.length;
  }
}

/** A line: its text with its terminator (none for a last, unterminated line). */
export interface AssembledLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The engine's RFC 3339 time of the line's first fragment, when asked with timestamps. */
  timestamp?: string;
  /** False for the first line of a stream in a window: it may be the end of a line cut before the window. */
  certain: boolean;
  /** Complete (ends with `\n`) or flushed at the end. */
  done: boolean;
}

/**
 * The size of every fragment but the last of a line the engine cut: the engine's log copier reads into a
 * 16 KiB buffer and, when it fills without a newline, logs it as a "partial message" (moby
 * `daemon/logger/copier.go`). All fragments of a line carry the first one's timestamp.
 */
export const FRAGMENT_SIZE = 16 * 1024;

/** How the log driver of the container stored cut lines. */
export interface LineAssemblerOptions {
  /** Whether frames start with the engine's timestamp and a space. */
  timestamps: boolean;
  /**
   * The `local` driver's reader (engine 20.10) drops the `\n` of a cut line's last fragment (it adds one
   * only to entries without partial metadata): put it back. The `json-file` driver keeps it.
   * WARNING: an unterminated last line longer than 16 KiB (the process exited without its newline) is
   * stored exactly like a terminated one, so it comes back with a `\n`.
   */
  restoreNewline?: boolean;
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

interface OpenLine {
  line: AssembledLine;
  decoder: TextDecoder;
  /** The last frame was a whole 16 KiB fragment: the next frame of the stream (same timestamp) continues the line. */
  continued: boolean;
}

/**
 * Reassembles lines from frames, per stream. Each line is decoded as a whole (a streaming UTF-8 decoder
 * across its fragments, so characters cut by the engine's 16 KiB split decode whole; invalid bytes become
 * U+FFFD). A frame continues the previous one only when that one was a whole 16 KiB fragment without a
 * newline and both carry the same timestamp; a shorter frame without a newline ends its line (the last
 * fragment of a cut line, or what a process wrote before exiting without a newline).
 * Lines come out in the order they started, so stdout and stderr interleave as the engine stored them.
 */
export class LineAssembler {
  readonly #timestamps: boolean;
  readonly #restoreNewline: boolean;
  readonly #open: { stdout?: OpenLine; stderr?: OpenLine } = {};
  readonly #seen = { stdout: false, stderr: false };
  readonly #queue: AssembledLine[] = [];

  /** @param options - whether frames carry timestamps, and the driver's newline quirk; a boolean is `timestamps`. */
  constructor(options: LineAssemblerOptions | boolean) {
    const o = typeof options === 'boolean' ? { timestamps: options } : options;
    this.#timestamps = o.timestamps;
    this.#restoreNewline = o.restoreNewline ?? false;
  }

  /** Lines completed (in start order) by this frame. */
  push(frame: Frame): AssembledLine[] {
    let payload = frame.payload;
    let ts: string | undefined;
    if (this.#timestamps) {
      // The timestamp is ASCII; read at most its length before taking the rest as bytes.
      const head = payload.subarray(0, 40).toString('latin1');
      const m = TS.exec(head);
      if (m) {
        ts = m[1];
        payload = payload.subarray(m[0].length);
      }
    }
    const stream = frame.stream;
    const open = this.#open[stream];
    if (open?.continued && open.line.timestamp === ts) {
      if (payload.length === FRAGMENT_SIZE && payload[payload.length - 1] !== 0x0a) {
        open.line.text += open.decoder.decode(payload, { stream: true });
        return this.#drain(false);
      }
      const nl = payload.indexOf(0x0a);
      if (nl < 0) {
        // The last fragment of a cut line (its newline dropped by the local driver), or an exit mid-line.
        open.line.text += open.decoder.decode(payload, { stream: true });
        this.#close(stream, this.#restoreNewline ? '\n' : '');
        return this.#drain(false);
      }
      open.line.text += open.decoder.decode(payload.subarray(0, nl), { stream: true });
      this.#close(stream, '\n');
      payload = payload.subarray(nl + 1);
      if (payload.length === 0) return this.#drain(false);
    } else if (open) {
      this.#close(stream, '');
    }
    this.#startLines(stream, payload, ts);
    return this.#drain(false);
  }

  /** Everything left, the unterminated last lines included, at the end of the stream. */
  end(): AssembledLine[] {
    for (const stream of ['stdout', 'stderr'] as const) if (this.#open[stream]) this.#close(stream, '');
    return this.#drain(true);
  }

  /** Lines of a frame that continues no line: whole lines, then a fragment (16 KiB, no newline) or an unterminated rest. */
  #startLines(stream: 'stdout' | 'stderr', payload: Buffer, ts: string | undefined): void {
    const whole = payload.length === FRAGMENT_SIZE && payload[payload.length - 1] !== 0x0a && payload.indexOf(0x0a) < 0;
    let start = 0;
    while (start < payload.length) {
      const nl = payload.indexOf(0x0a, start);
      const end = nl < 0 ? payload.length : nl;
      const open = this.#begin(stream, ts);
      open.line.text += open.decoder.decode(payload.subarray(start, end), { stream: true });
      if (nl >= 0) this.#close(stream, '\n');
      else if (whole) open.continued = true;
      else this.#close(stream, '');
      start = end + 1;
    }
  }

  #begin(stream: 'stdout' | 'stderr', ts: string | undefined): OpenLine {
    const line: AssembledLine = { stream, text: '', ...(ts !== undefined ? { timestamp: ts } : {}), certain: this.#seen[stream], done: false };
    this.#seen[stream] = true;
    this.#queue.push(line);
    const open = { line, decoder: new TextDecoder('utf-8'), continued: false };
    this.#open[stream] = open;
    return open;
  }

  #close(stream: 'stdout' | 'stderr', terminator: string): void {
    const open = this.#open[stream]!;
    open.line.text += open.decoder.decode() + terminator;
    open.line.done = true;
    delete this.#open[stream];
  }

  #drain(all: boolean): AssembledLine[] {
    let n = 0;
    while (n < this.#queue.length && (all || this.#queue[n]!.done)) n++;
    return this.#queue.splice(0, n);
  }
}

/** What one window of the engine's tail gave. */
export interface TailWindow {
  lines: AssembledLine[];
  /** How many entries (frames) the engine returned. */
  entries: number;
}

/** Parses a whole (non-follow) log body into lines. */
export function toTailWindow(body: Buffer, options: LineAssemblerOptions | boolean): TailWindow {
  const parser = new FrameParser();
  const assembler = new LineAssembler(options);
  const frames = parser.push(body);
  const lines: AssembledLine[] = [];
  for (const f of frames) lines.push(...assembler.push(f));
  lines.push(...assembler.end());
  return { lines, entries: frames.length };
}

/**
 * The last `tail` lines of a window, or undefined when the window was too small to know them: the
 * engine's `tail` counts entries, not lines (a long line is several entries), and the first line of each
 * stream in a window may be the end of a line cut off before it. When the window holds the whole log
 * (fewer entries than asked), every line is certain.
 */
export function pickTail(window: TailWindow, requested: number, tail: number): AssembledLine[] | undefined {
  const whole = window.entries < requested;
  const picked = window.lines.slice(Math.max(0, window.lines.length - tail));
  if (whole) return picked;
  if (window.lines.length - tail < 0) return undefined;
  // The lines before the last `tail` may include a cut-off one, which is fine; a cut-off one among the
  // picked lines means the window must grow.
  if (picked.some((l) => !l.certain)) return undefined;
  return picked;
}

/** A line as getLogs returns it: with `timestamps`, the engine's timestamp and a space first. */
export function formatLine(line: AssembledLine, timestamps: boolean): string {
  return timestamps && line.timestamp ? `${line.timestamp} ${line.text}` : line.text;
}

/** `2026-01-02T03:04:05.123456789Z` → `1767323045.123456789`, the engine's `since` form. */
export function toSinceParam(timestamp: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!m) throw new RangeError(`not an RFC 3339 timestamp: ${timestamp}`);
  const seconds = Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000);
  return `${seconds}.${(m[2] ?? '0').padEnd(9, '0')}`;
}

/**
 * Drops what a re-opened follow stream repeats, per stream. Within one stream the engine's timestamps never
 * go back (all fragments of a cut line share one); across streams they may (stdout and stderr are stamped
 * by separate copiers, so log order is not time order), which is why nothing is dropped on the first open
 * and why each stream is judged on its own. On a re-open, `since` is the earliest of the streams' last
 * timestamps (the engine's `since` is inclusive); then, per stream, lines stamped before that stream's last
 * line are dropped, and as many stamped exactly like it as were already given, until the first new line.
 * Timestamps compare as strings (fixed-width RFC 3339 UTC from the engine).
 */
export class FollowDeduper {
  readonly #last = new Map<'stdout' | 'stderr', { ts: string; count: number }>();
  #skipping = new Map<'stdout' | 'stderr', number>();

  /** Call when (re)opening the stream; returns the `since` to ask for, if any. */
  reopen(): string | undefined {
    this.#skipping = new Map([...this.#last].map(([stream, last]) => [stream, last.count]));
    let since: string | undefined;
    for (const { ts } of this.#last.values()) if (since === undefined || ts < since) since = ts;
    return since === undefined ? undefined : toSinceParam(since);
  }

  /** True when the line is new. */
  accept(line: AssembledLine): boolean {
    const ts = line.timestamp;
    if (ts === undefined) return true;
    const last = this.#last.get(line.stream);
    const skip = this.#skipping.get(line.stream);
    if (last && skip !== undefined) {
      if (ts < last.ts) return false;
      if (ts === last.ts && skip > 0) {
        this.#skipping.set(line.stream, skip - 1);
        return false;
      }
      this.#skipping.delete(line.stream);
    }
    if (last && last.ts === ts) last.count++;
    else this.#last.set(line.stream, { ts, count: 1 });
    return true;
  }
}

/** The container a log call reads: its name in the group, and its engine name. */
export interface LogSource {
  container: string;
  engineName: string;
}

/**
 * The container a log call reads (the core's {@link logContainerOf}: the one named, a container or an
 * init container, else the group's main container) and its engine name.
 * @throws {RangeError} when the group has no containers, or no container of that name.
 */
export function toLogSource(names: GroupNames, group: ContainerGroup, name: string, container: string | undefined): LogSource {
  const picked = logContainerOf(name, group, container);
  return { container: picked, engineName: group.containers.some((c) => c.name === picked) ? names.member(picked) : names.init(picked) };
}

/** Whether the container's log driver drops the newline of a cut line's last fragment (the `local` driver). */
export function restoresNewline(info: { HostConfig?: { LogConfig?: { Type?: string } } }): boolean {
  return info.HostConfig?.LogConfig?.Type === 'local';
}

/** An assembled line as followLogs yields it. */
export function toLogLine(container: string, line: AssembledLine): LogLine {
  return {
    container,
    stream: line.stream,
    text: line.text,
    ...(line.timestamp ? { timestamp: new Date(line.timestamp) } : {}),
  };
}
