/** `exists NAME`: exit 0 when the group exists, 1 when it does not (one direct lookup). */
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export interface ExistsOptions {
  name: string;
}

export async function exists(options: ExistsOptions, ctx: CommandContext): Promise<number> {
  const { globals } = ctx;
  const hook = await ctx.hook();
  const found = await hook.exists(globals.resourceGroup, options.name, { abortSignal: ctx.abortSignal });
  ctx.out.result({ name: options.name, resourceGroup: globals.resourceGroup, exists: found }, () =>
    found ? `${options.name} exists` : `${options.name} does not exist in resource group "${globals.resourceGroup}"`,
  );
  return found ? ExitCode.Success : ExitCode.Failure;
}
