/**
 * `prune [--older-than D]`: deletes the groups of the resource group that `run` or `create` made (both
 * CLI tags present, see `tags.ts`) more than D ago (default 1h) — what a crashed run left behind. A group
 * without those tags is never touched.
 */
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { isPrunable } from '../tags.js';

export interface PruneOptions {
  /** Milliseconds; default one hour. */
  olderThan?: number;
  dryRun?: boolean;
}

export const DEFAULT_PRUNE_AGE_IN_MS = 3_600_000;

export async function prune(options: PruneOptions, ctx: CommandContext): Promise<number> {
  const { globals, out } = ctx;
  const hook = await ctx.hook();
  const cutoff = new Date(ctx.now().getTime() - (options.olderThan ?? DEFAULT_PRUNE_AGE_IN_MS));
  const names: string[] = [];
  for await (const g of hook.list(globals.resourceGroup, { abortSignal: ctx.abortSignal })) {
    if (g.name !== undefined && isPrunable(g, cutoff)) names.push(g.name);
  }
  for (const name of names) {
    if (!options.dryRun) await hook.delete(globals.resourceGroup, name, { abortSignal: ctx.abortSignal });
  }
  out.result({ resourceGroup: globals.resourceGroup, olderThan: cutoff.toISOString(), dryRun: Boolean(options.dryRun), deleted: names }, () =>
    names.length === 0
      ? `nothing to prune in resource group "${globals.resourceGroup}"`
      : names.map((n) => `${options.dryRun ? 'would delete' : 'deleted'} ${n}`).join('\n'),
  );
  return ExitCode.Success;
}
