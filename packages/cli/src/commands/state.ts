/** `state NAME`: the main container's state, exit code and detail; with `--json`, the whole group. */
import { redact } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatFields } from '../output.js';

export interface StateOptions {
  name: string;
}

export async function state(options: StateOptions, ctx: CommandContext): Promise<number> {
  const { globals, out } = ctx;
  const hook = await ctx.hook();
  if (out.json) {
    out.result(redact(await hook.getState(globals.resourceGroup, options.name, { abortSignal: ctx.abortSignal })));
    return ExitCode.Success;
  }
  const summary = await hook.getStateExitCodeDetails(globals.resourceGroup, options.name, { abortSignal: ctx.abortSignal });
  out.result(summary, () =>
    formatFields([
      ['state', summary.state],
      ['exit code', summary.exitCode === undefined ? undefined : String(summary.exitCode)],
      ['detail', summary.detailStatus],
    ]),
  );
  return ExitCode.Success;
}
