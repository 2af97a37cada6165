import { describe, expect, it } from 'vitest';
import { CONTAINER_GROUP_TYPE, toContainerGroupId } from './to-container-group-id.js';

describe('toContainerGroupId', () => {
  it.each([
    ['local', 'RG', 'web', '/subscriptions/local/resourceGroups/RG/providers/Microsoft.ContainerInstance/containerGroups/web'],
    [
      '00000000-0000-0000-0000-000000000001',
      'my-rg',
      'job-1',
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/my-rg/providers/Microsoft.ContainerInstance/containerGroups/job-1',
    ],
  ])('(%s, %s, %s) → %s', (sub, rg, name, id) => expect(toContainerGroupId(sub, rg, name)).toBe(id));

  it('names the container-group resource type', () => expect(CONTAINER_GROUP_TYPE).toBe('Microsoft.ContainerInstance/containerGroups'));
});
