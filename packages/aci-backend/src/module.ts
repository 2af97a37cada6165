import { ContainerModule } from 'inversify';
import { Connection, ContainerGroupHook } from '@container-hook/core';
import { AciContainerGroupHook } from './hook.js';

/**
 * The ACI backend's inversify module: binds {@link AciContainerGroupHook} to the core's
 * `ContainerGroupHook` identifier for the connection being used.
 * @example
 * ```ts
 * registerBackend('azure_container_instance', async () => (await import('@container-hook/aci-backend')).aciBackendModule);
 * ```
 */
export const aciBackendModule = new ContainerModule(({ bind }) => {
  bind(ContainerGroupHook).toResolvedValue((c: Connection) => new AciContainerGroupHook(c), [Connection]);
});

export default aciBackendModule;
