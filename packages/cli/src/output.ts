/**
 * Rendering of results and errors. Results go to stdout and progress to stderr, so that
 * `container-hook logs … > out.txt` holds only the log. With `--json`, stdout carries exactly one JSON
 * document (the result, or `{"error":{"code","message"}}`); a stream (`logs --follow --json`) is NDJSON.
 */
import { inspect } from 'node:util';

export interface Output {
  readonly json: boolean;
  readonly verbose: boolean;
  /** True when stderr is a terminal: progress may be a live status line. */
  readonly interactive: boolean;
  /** A command's result: pretty text, or one JSON document with `--json`. */
  result(value: unknown, text?: () => string): void;
  /** One object of a stream, as one line of JSON (NDJSON), whatever `--json` says. */
  record(value: unknown): void;
  /** A line of human progress on stderr (never in --json's stdout). */
  progress(line: string): void;
  /** Raw text to stdout (logs). */
  write(text: string): void;
  /** Raw text to stderr (logs under --json, whose stdout is the result). */
  writeErr(text: string): void;
  /** The streams, for a live status line (ora writes to stderr itself). */
  readonly streams: OutputStreams;
}

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** A terminal's width; a pseudo-terminal may report 0, in which no live line can be drawn. */
  columns?: number;
}

export interface OutputStreams {
  stdout: OutputStream;
  stderr: OutputStream;
}

export function createOutput(options: { json?: boolean; verbose?: boolean }, streams: OutputStreams = process): Output {
  const json = options.json ?? false;
  return {
    json,
    verbose: options.verbose ?? false,
    interactive: streams.stderr.isTTY === true && (streams.stderr.columns === undefined || streams.stderr.columns > 0),
    streams,
    result(value, text) {
      if (json) streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else {
        const s = text ? text() : typeof value === 'string' ? value : inspect(value, { depth: 6 });
        if (s !== '') streams.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
      }
    },
    record(value) {
      streams.stdout.write(`${JSON.stringify(value)}\n`);
    },
    progress(line) {
      streams.stderr.write(`${line}\n`);
    },
    write(text) {
      streams.stdout.write(text);
    },
    writeErr(text) {
      streams.stderr.write(text);
    },
  };
}

/** Formats rows as aligned columns with a header. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `key: value` lines, aligned, skipping undefined values. */
export function formatFields(fields: readonly (readonly [string, unknown])[]): string {
  const shown = fields.filter(([, v]) => v !== undefined && v !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
}
