/** `start NAME`, `stop NAME`, `restart NAME`. */
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export interface LifecycleOptions {
  name: string;
  verb: 'start' | 'stop' | 'restart';
}

const PAST = { start: 'started', stop: 'stopped', restart: 'restarted' } as const;

export async function lifecycle(options: LifecycleOptions, ctx: CommandContext): Promise<number> {
  const { globals } = ctx;
  const hook = await ctx.hook();
  await hook[options.verb](globals.resourceGroup, options.name, { abortSignal: ctx.abortSignal });
  ctx.out.result({ name: options.name, resourceGroup: globals.resourceGroup, [PAST[options.verb]]: true }, () => `${PAST[options.verb]} ${options.name}`);
  return ExitCode.Success;
}
