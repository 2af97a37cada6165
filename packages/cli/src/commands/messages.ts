/** `messages NAME`: the main container's event messages, oldest first. */
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export interface MessagesOptions {
  name: string;
}

export async function messages(options: MessagesOptions, ctx: CommandContext): Promise<number> {
  const hook = await ctx.hook();
  const list = await hook.getMessages(ctx.globals.resourceGroup, options.name, { abortSignal: ctx.abortSignal });
  ctx.out.result(list, () => list.join('\n'));
  return ExitCode.Success;
}
