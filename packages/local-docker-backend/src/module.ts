import { ContainerModule } from 'inversify';
import { Connection, ContainerGroupHook } from '@container-hook/core';
import { DockerContainerGroupHook } from './hook.js';

/**
 * The Docker backend's inversify module: binds {@link DockerContainerGroupHook} to the core's
 * `ContainerGroupHook` identifier for the connection being used.
 * @example
 * ```ts
 * registerBackend('docker', async () => (await import('@container-hook/local-docker-backend')).dockerBackendModule);
 * ```
 */
export const dockerBackendModule = new ContainerModule(({ bind }) => {
  bind(ContainerGroupHook).toResolvedValue((c: Connection) => new DockerContainerGroupHook(c), [Connection]);
});

export default dockerBackendModule;
