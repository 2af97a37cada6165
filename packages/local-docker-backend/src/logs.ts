/**
 * The engine's log streams, turned into lines. Non-TTY containers' logs come multiplexed: frames of an
 * 8-byte header (stream 1 = stdout, 2 = stderr; big-endian length) and a payload. The json-file driver
 * cuts lines longer than 16 KiB into several entries ("partial messages"), each its own frame, and with
 * `timestamps` each frame starts with the entry's RFC 3339 time (nanoseconds, fixed 9 digits) and a
 * space — the same time on every fragment of a line. Everything here is pure.
 */

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

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/**
 * Reassembles lines from frames: per stream, with a streaming UTF-8 decoder (bytes split across
 * fragments decode whole; invalid bytes become U+FFFD), so lines cut by the engine come back whole.
 * Lines come out in the order they started, so stdout and stderr interleave as written.
 */
export class LineAssembler {
  readonly #timestamps: boolean;
  readonly #decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  readonly #open: { stdout?: AssembledLine; stderr?: AssembledLine } = {};
  readonly #seen = { stdout: false, stderr: false };
  readonly #queue: AssembledLine[] = [];

  /** @param timestamps - whether frames start with the engine's timestamp and a space. */
  constructor(timestamps: boolean) {
    this.#timestamps = timestamps;
  }

  /** Lines completed (in start order) by this frame. */
  push(frame: Frame): AssembledLine[] {
    let payload = frame.payload;
    let ts: string | undefined;
    if (this.#timestamps) {
      // The timestamp is ASCII; read at most its length before decoding the rest as UTF-8.
      const head = payload.subarray(0, 40).toString('latin1');
      const m = TS.exec(head);
      if (m) {
        ts = m[1];
        payload = payload.subarray(m[0].length);
      }
    }
    const text = this.#decoders[frame.stream].decode(payload, { stream: true });
    this.#append(frame.stream, text, ts);
    return this.#drain(false);
  }

  /** Everything left, the unterminated last lines included, at the end of the stream. */
  end(): AssembledLine[] {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.#decoders[stream].decode();
      if (rest) this.#append(stream, rest, undefined);
      const open = this.#open[stream];
      if (open) {
        open.done = true;
        delete this.#open[stream];
      }
    }
    return this.#drain(true);
  }

  #append(stream: 'stdout' | 'stderr', text: string, ts: string | undefined): void {
    let start = 0;
    while (start < text.length) {
      let line = this.#open[stream];
      if (!line) {
        line = { stream, text: '', ...(ts !== undefined ? { timestamp: ts } : {}), certain: this.#seen[stream], done: false };
        this.#seen[stream] = true;
        this.#open[stream] = line;
        this.#queue.push(line);
      }
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        line.text += text.slice(start);
        return;
      }
      line.text += text.slice(start, nl + 1);
      line.done = true;
      delete this.#open[stream];
      start = nl + 1;
    }
  }

  #drain(all: boolean): AssembledLine[] {
    let n = 0;
    while (n < this.#queue.length && (all || this.#queue[n]!.done)) n++;
    return this.#queue.splice(0, n);
  }
}

/**
 * Validates `tail`: a non-negative integer.
 * @throws {RangeError} otherwise.
 */
export function checkTail(tail: number): void {
  if (!Number.isInteger(tail) || tail < 0) throw new RangeError(`tail must be a non-negative integer, got ${tail}`);
}

/** What one window of the engine's tail gave. */
export interface TailWindow {
  lines: AssembledLine[];
  /** How many entries (frames) the engine returned. */
  entries: number;
}

/** Parses a whole (non-follow) log body into lines. */
export function toTailWindow(body: Buffer, timestamps: boolean): TailWindow {
  const parser = new FrameParser();
  const assembler = new LineAssembler(timestamps);
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
 * Drops what a re-opened follow stream repeats: the engine's `since` is inclusive, so lines stamped
 * before the last one seen are dropped, and as many lines stamped exactly like it as were already given.
 * Timestamps compare as strings (fixed-width RFC 3339 UTC from the engine).
 */
export class FollowDeduper {
  #last: string | undefined;
  #atLast = 0;
  #skip = 0;

  /** Call when (re)opening the stream; returns the `since` to ask for, if any. */
  reopen(): string | undefined {
    this.#skip = this.#atLast;
    return this.#last === undefined ? undefined : toSinceParam(this.#last);
  }

  /** True when the line is new. */
  accept(line: AssembledLine): boolean {
    const ts = line.timestamp;
    if (ts === undefined || this.#last === undefined || ts > this.#last) {
      if (ts !== undefined) {
        this.#last = ts;
        this.#atLast = 1;
      }
      return true;
    }
    if (ts < this.#last) return false;
    if (this.#skip > 0) {
      this.#skip--;
      return false;
    }
    this.#atLast++;
    return true;
  }
}
