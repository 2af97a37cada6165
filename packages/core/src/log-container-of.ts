import { mainContainerOf } from './main-container.js';
import type { ContainerGroup } from './model.js';

/**
 * The name of the container whose log `getLogs` and `followLogs` read: the one named by
 * `options.container` (a container or an init container: names are unique across both), else the
 * group's main container (named like the group, else the first).
 * @param groupName - the container group's name (the main container rule compares container names with it).
 * @param group - the group's definition, e.g. as `getState` returns it.
 * @param container - the `container` option, if given.
 * @returns the container's name.
 * @throws {RangeError} when the group has no container or init container named `container`, or has no
 *   containers at all.
 * @see https://learn.microsoft.com/rest/api/container-instances/containers/list-logs
 */
export function logContainerOf(groupName: string, group: Pick<ContainerGroup, 'containers' | 'initContainers'>, container?: string): string {
  if (container === undefined) {
    const main = mainContainerOf(groupName, group.containers ?? []);
    if (!main) throw new RangeError(`container group "${groupName}" has no containers`);
    return main.name;
  }
  if ((group.containers ?? []).some((c) => c.name === container) || (group.initContainers ?? []).some((c) => c.name === container)) return container;
  throw new RangeError(`container group "${groupName}" has no container "${container}"`);
}
