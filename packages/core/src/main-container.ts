import type { Container, ContainerGroup, ContainerStateSummary } from './model.js';

/**
 * The group's main container: the one named like the group, else the first.
 * One rule for state, messages, logs and the run loop.
 */
export function mainContainerOf<C extends Pick<Container, 'name'>>(groupName: string, containers: readonly C[]): C | undefined {
  return containers.find((c) => c.name === groupName) ?? containers[0];
}

/**
 * Airflow's `get_state_exitcode_details` from a group as `getState` returns it. Before any container
 * instance view exists, the provisioning state stands in and the exit code stays undefined.
 */
export function toStateSummary(groupName: string, group: ContainerGroup): ContainerStateSummary {
  const current = mainContainerOf(groupName, group.containers ?? [])?.instanceView?.currentState;
  if (!current?.state) {
    return { state: group.provisioningState ?? 'Pending', exitCode: undefined, detailStatus: '' };
  }
  return { state: current.state, exitCode: current.exitCode ?? undefined, detailStatus: current.detailStatus ?? '' };
}

/** The main container's event messages, oldest first. */
export function toMessages(groupName: string, group: ContainerGroup): string[] {
  const events = mainContainerOf(groupName, group.containers ?? [])?.instanceView?.events ?? [];
  return [...events]
    .sort((a, b) => (a.firstTimestamp?.getTime() ?? 0) - (b.firstTimestamp?.getTime() ?? 0))
    .map((e) => e.message ?? '')
    .filter((m) => m !== '');
}
