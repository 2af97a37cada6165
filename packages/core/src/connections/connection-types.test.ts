import { describe, expect, it } from 'vitest';
import { CONNECTION_TYPE_ALIASES, KnownConnectionTypes, toBackendType } from './connection-types.js';
import { parseConnectionUri } from './uri.js';

describe('connection types', () => {
  it.each([
    ['azure', 'azure_container_instance'],
    ['azure_container_instance', 'azure_container_instance'],
    ['azure_container_instances', 'azure_container_instance'],
    ['azure-container-instance', 'azure_container_instance'],
    ['azure-container-instances', 'azure_container_instance'],
    ['Azure_Container_Instance', 'azure_container_instance'],
    ['docker', 'docker'],
    [' docker ', 'docker'],
    ['my_backend', 'my_backend'],
    ['my-backend', 'my_backend'],
  ])('%s selects the %s backend', (connType, backend) => {
    expect(toBackendType(connType)).toBe(backend);
  });

  it.each([
    ['azure://?tenantId=t', KnownConnectionTypes.AzureContainerInstance],
    ['azure-container-instance://id:s@?tenantId=t', KnownConnectionTypes.AzureContainerInstance],
    ['azure-container-instances://id:s@?tenantId=t', KnownConnectionTypes.AzureContainerInstance],
    ['docker://', KnownConnectionTypes.Docker],
  ])('a connection parsed from %s selects %s', (uri, backend) => {
    expect(toBackendType(parseConnectionUri('c', uri).connType)).toBe(backend);
  });

  it('keeps the alias table sorted and pointing at known backends', () => {
    const keys = Object.keys(CONNECTION_TYPE_ALIASES);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(Object.values(CONNECTION_TYPE_ALIASES))).toEqual(new Set(Object.values(KnownConnectionTypes)));
  });
});
