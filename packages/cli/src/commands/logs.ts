/**
 * `logs NAME [--tail N] [--follow] [--container C] [--timestamps]`: a container's log on stdout, as text
 * (`--json`: an array of lines; `--follow --json`: NDJSON, one `LogLine` object per line).
 */
import type { LogLine } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

export interface LogsOptions {
  name: string;
  tail?: number;
  follow?: boolean;
  container?: string;
  timestamps?: boolean;
}

/** Airflow's default tail. */
export const DEFAULT_TAIL = 1000;

export async function logs(options: LogsOptions, ctx: CommandContext): Promise<number> {
  const { globals, out } = ctx;
  if (options.follow && options.tail !== undefined) {
    // followLogs streams from the first line, exactly once; a tail window would need a second read that can overlap.
    throw new UsageError('--tail cannot be combined with --follow (the stream starts at the first line); drop one of them');
  }
  const hook = await ctx.hook();
  const container = options.container === undefined ? {} : { container: options.container };
  if (!options.follow) {
    const lines = await hook.getLogs(globals.resourceGroup, options.name, options.tail ?? DEFAULT_TAIL, {
      ...container,
      timestamps: Boolean(options.timestamps),
      abortSignal: ctx.abortSignal,
    });
    if (out.json) out.result(lines);
    else out.write(lines.join(''));
    return ExitCode.Success;
  }
  for await (const line of hook.followLogs(globals.resourceGroup, options.name, { ...container, abortSignal: ctx.abortSignal })) {
    if (out.json) out.record(toRecord(line));
    else out.write(options.timestamps && line.timestamp ? `${line.timestamp.toISOString()} ${line.text}` : line.text);
  }
  return ExitCode.Success;
}

function toRecord(line: LogLine): Record<string, unknown> {
  return { container: line.container, stream: line.stream, text: line.text, ...(line.timestamp ? { timestamp: line.timestamp.toISOString() } : {}) };
}
