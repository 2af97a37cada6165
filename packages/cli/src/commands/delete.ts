/** `delete NAME`: deletes a group and everything it owns; a missing group is not an error. */
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export interface DeleteOptions {
  name: string;
}

export async function deleteGroup(options: DeleteOptions, ctx: CommandContext): Promise<number> {
  const { globals } = ctx;
  const hook = await ctx.hook();
  await hook.delete(globals.resourceGroup, options.name, { abortSignal: ctx.abortSignal });
  ctx.out.result({ name: options.name, resourceGroup: globals.resourceGroup, deleted: true }, () => `deleted ${options.name}`);
  return ExitCode.Success;
}
