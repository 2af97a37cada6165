/** `list`: the groups of the resource group, one line each (no instance views: the backend's list has none). */
import { mainContainerOf, redact, type ContainerGroup } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable } from '../output.js';
import { cliCreatedAt } from '../tags.js';

export type ListCommandOptions = Record<string, never>;

export async function list(_options: ListCommandOptions, ctx: CommandContext): Promise<number> {
  const hook = await ctx.hook();
  const groups: ContainerGroup[] = [];
  for await (const g of hook.list(ctx.globals.resourceGroup, { abortSignal: ctx.abortSignal })) groups.push(g);
  ctx.out.result(redact(groups), () =>
    groups.length === 0
      ? `no container groups in resource group "${ctx.globals.resourceGroup}"`
      : formatTable(
          ['NAME', 'STATE', 'CONTAINERS', 'IMAGE', 'CREATED BY CLI'],
          groups.map((g) => [
            g.name ?? '',
            g.instanceView?.state ?? g.provisioningState ?? '',
            String(g.containers?.length ?? 0),
            mainContainerOf(g.name ?? '', g.containers ?? [])?.image ?? '',
            cliCreatedAt(g)?.toISOString() ?? '',
          ]),
        ),
  );
  return ExitCode.Success;
}
