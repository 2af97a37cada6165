/**
 * The tags `run` and `create` put on every group they create, so that `prune` can find what a crashed run
 * left behind, and nothing else: a group is pruned only when it carries both tags, with these values.
 */
import type { ContainerGroup } from '@container-hook/core';

/** Tag naming the tool that created the group. */
export const CREATED_BY_TAG = 'created-by';
/** Its value on groups the CLI created. */
export const CREATED_BY_CLI = 'container-hook-cli';
/** Tag holding the creation time, ISO 8601 (UTC). */
export const CREATED_AT_TAG = 'created-at';

/** The tags of a group the CLI creates at `now`. */
export function cliTags(now: Date): Record<string, string> {
  return { [CREATED_BY_TAG]: CREATED_BY_CLI, [CREATED_AT_TAG]: now.toISOString() };
}

/** When the CLI created the group, or undefined for a group it did not create (or whose tag is unreadable). */
export function cliCreatedAt(group: Pick<ContainerGroup, 'tags'>): Date | undefined {
  const tags = group.tags ?? {};
  if (tags[CREATED_BY_TAG] !== CREATED_BY_CLI) return undefined;
  const at = Date.parse(tags[CREATED_AT_TAG] ?? '');
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** True when the CLI created the group before `cutoff`. */
export function isPrunable(group: Pick<ContainerGroup, 'tags'>, cutoff: Date): boolean {
  const at = cliCreatedAt(group);
  return at !== undefined && at.getTime() < cutoff.getTime();
}
