import { hideSecrets } from './hide-secrets.js';
import type { ContainerGroup } from './model.js';

/**
 * A group as `list` returns it: the group without its instance view and without its containers' and
 * init containers' instance views, secrets hidden ({@link hideSecrets}). ACI's List carries no instance
 * views, so a caller never derives state from a list item: it calls `getState`.
 * @param group - a group as `getState` returns it, or as the backend stores it (with `id`, `name`,
 *   `type`, `location` and `provisioningState` filled by the backend).
 * @returns a deep copy without instance views; `group` is not changed.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/list-by-resource-group
 */
export function toListItem(group: ContainerGroup): ContainerGroup {
  const { instanceView: _view, ...item } = hideSecrets(group);
  item.containers = (item.containers ?? []).map(({ instanceView: _v, ...c }) => c);
  if (item.initContainers) item.initContainers = item.initContainers.map(({ instanceView: _v, ...c }) => c);
  return item;
}
