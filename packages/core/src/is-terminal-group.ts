import type { Container, ContainerGroup, ContainerGroupRestartPolicy } from './model.js';
import { willRestart } from './restart-policy.js';

/** Group states (`instanceView.state`) that change no more by themselves. */
const TERMINAL_GROUP_STATES: ReadonlySet<string> = new Set(['Stopped', 'Succeeded', 'Failed']);

/**
 * Whether a container will run no more by itself: its current state is `Terminated` with an exit code,
 * and the group's restart policy will not start it again ({@link willRestart}: `Never`, or `OnFailure`
 * after exit 0). A container that is waiting to be restarted (`Waiting`/`CrashLoopBackOff`) is not
 * terminal. `followLogs` of a container ends once it is terminal.
 * @param container - a container as `getState` returns it (with its instance view).
 * @param restartPolicy - the group's restart policy; ACI's default (`Always`) when undefined. Pass
 *   `Never` for an init container, which runs once.
 * @returns true when the container exited and will not be restarted.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
 */
export function isTerminalContainer(container: Pick<Container, 'instanceView'>, restartPolicy: ContainerGroupRestartPolicy | undefined): boolean {
  const current = container.instanceView?.currentState;
  if (current?.state !== 'Terminated' || typeof current.exitCode !== 'number') return false;
  return !willRestart(restartPolicy, current.exitCode);
}

/**
 * Whether a group, as `getState` returns it, will change no more by itself, so that `watch`,
 * `followLogs` and polling loops can end: its provisioning failed; its state (`instanceView.state`) is
 * `Stopped`, `Succeeded` or `Failed`; or it was provisioned and every container is terminal
 * ({@link isTerminalContainer} under the group's restart policy). A group whose restart policy restarts
 * its containers (`Always`) is terminal only once stopped or failed.
 * @param group - the group as `getState` returns it.
 * @returns true when nothing will change unless someone acts (`start`, `createOrUpdate`, `delete`).
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
 */
export function isTerminalGroup(group: ContainerGroup): boolean {
  if (group.provisioningState === 'Failed') return true;
  const state = group.instanceView?.state;
  if (state !== undefined && TERMINAL_GROUP_STATES.has(state)) return true;
  // While provisioning (e.g. `start` running init containers again), the containers still show their
  // last run's Terminated state: only a provisioned group is judged by its containers.
  const containers = group.containers ?? [];
  return group.provisioningState === 'Succeeded' && containers.length > 0 && containers.every((c) => isTerminalContainer(c, group.restartPolicy));
}
