/**
 * The ARM resource type of a container group, the `type` of every group `getState` and `list` return.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
 */
export const CONTAINER_GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';

/**
 * The ARM resource id of a container group, the `id` of every group `getState` and `list` return:
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/{name}`.
 * The names are used as given (ARM ids keep the case they were created with; compare them case-insensitively).
 * @param subscriptionId - the subscription; a local backend has none and passes its own placeholder
 *   (the Docker backend: `local`).
 * @param resourceGroup - the resource group's name.
 * @param name - the container group's name.
 * @returns the resource id.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
 */
export function toContainerGroupId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${CONTAINER_GROUP_TYPE}/${name}`;
}
