/** `create --file F [--wait]`: creates (or updates) a group from a file, tagged as created by the CLI. */
import { assertValidContainerGroup, redact } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { readGroupFile } from '../group-file.js';
import { formatFields } from '../output.js';
import { cliTags } from '../tags.js';
import { UsageError } from '../usage-error.js';

export interface CreateOptions {
  file: string;
  name?: string;
  wait?: boolean;
}

export async function create(options: CreateOptions, ctx: CommandContext): Promise<number> {
  const { globals, out } = ctx;
  const file = await readGroupFile(options.file);
  const name = options.name ?? file.name;
  if (name === undefined) throw new UsageError(`the file "${options.file}" gives no name; pass --name`);
  const group = { ...file.group, tags: { ...file.group.tags, ...cliTags(ctx.now()) } };
  assertValidContainerGroup(name, group);
  const hook = await ctx.hook();
  if (options.wait) out.progress(`container-hook: creating container group "${name}" in resource group "${globals.resourceGroup}" and waiting for it`);
  const created = await hook.createOrUpdate(globals.resourceGroup, name, group, { wait: Boolean(options.wait), abortSignal: ctx.abortSignal });
  out.result(redact({ ...created, name: created.name ?? name }), () =>
    formatFields([
      ['created', name],
      ['resource group', globals.resourceGroup],
      ['provisioning', created.provisioningState],
      ['state', created.instanceView?.state],
    ]),
  );
  return ExitCode.Success;
}
