import { describe, expect, it } from 'vitest';
import type { Container, ContainerGroup } from './model.js';
import { toListItem } from './to-list-item.js';

const view = { restartCount: 0, currentState: { state: 'Running', detailStatus: '' }, events: [] };
const web: Container = { name: 'web', image: 'i', resources: { requests: { cpu: 1, memoryInGB: 1 } } };
const resource = {
  id: '/subscriptions/local/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/web',
  name: 'web',
  type: 'Microsoft.ContainerInstance/containerGroups',
  location: 'local',
  provisioningState: 'Succeeded',
  osType: 'Linux',
  restartPolicy: 'Never',
};

describe('toListItem', () => {
  it.each<[string, ContainerGroup, ContainerGroup]>([
    [
      'drops the group and container instance views, keeps the resource fields',
      { ...resource, containers: [{ ...web, instanceView: view }], instanceView: { state: 'Running', events: [] } },
      { ...resource, containers: [web] },
    ],
    [
      "drops init containers' instance views",
      { ...resource, containers: [web], initContainers: [{ name: 'setup', image: 'i', instanceView: view }] },
      { ...resource, containers: [web], initContainers: [{ name: 'setup', image: 'i' }] },
    ],
    [
      'hides secrets',
      { ...resource, containers: [{ ...web, environmentVariables: [{ name: 'S', secureValue: 'hunter2' }] }], volumes: [{ name: 's', secret: { a: 'eA==' } }] },
      { ...resource, containers: [{ ...web, environmentVariables: [{ name: 'S' }] }], volumes: [{ name: 's', secret: {} }] },
    ],
    ['keeps a group without instance views as it is', { ...resource, containers: [web] }, { ...resource, containers: [web] }],
  ])('%s', (_what, group, expected) => {
    const before = structuredClone(group);
    const item = toListItem(group);
    expect(item).toStrictEqual(expected);
    expect(group).toEqual(before);
  });
});
