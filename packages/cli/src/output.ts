/**
 * Rendering of results and errors. Results go to stdout and progress to stderr, so that
 * `container-hook logs … > out.txt` holds only the log. With `--json`, stdout carries exactly one JSON
 * document: the result, or `{"error":{"code","message"}}`.
 */
import { inspect } from 'node:util';

export interface Output {
  readonly json: boolean;
  readonly verbose: boolean;
  /** A command's result: pretty text, or one JSON document with `--json`. */
  result(value: unknown, text?: () => string): void;
  /** A line of human progress on stderr (never in --json's stdout). */
  progress(line: string): void;
  /** Raw text to stdout (logs). */
  write(text: string): void;
}

export interface OutputStreams {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
}

export function createOutput(options: { json?: boolean; verbose?: boolean }, streams: OutputStreams = process): Output {
  const json = options.json ?? false;
  return {
    json,
    verbose: options.verbose ?? false,
    result(value, text) {
      if (json) streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else streams.stdout.write(`${text ? text() : typeof value === 'string' ? value : inspect(value, { depth: 6 })}\n`);
    },
    progress(line) {
      streams.stderr.write(`${line}\n`);
    },
    write(text) {
      streams.stdout.write(text);
    },
  };
}

/** Formats rows as aligned columns with a header. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
