// The Azure Container Instances backend is not built yet: loading it fails with a clear, typed error
// instead of half-working. The package exists so that the workspace layout and the lazy registration
// by "container-hook" are in place; its hook lands with its own issue.
import { UnsupportedFeatureError } from '@container-hook/core';
import type { ContainerModule } from 'inversify';

/**
 * The inversify module of the ACI backend.
 * @throws {UnsupportedFeatureError} always, for now: the ACI backend is not implemented in this version.
 */
export async function loadAciBackendModule(): Promise<ContainerModule> {
  throw new UnsupportedFeatureError(
    'Azure Container Instances',
    'any operation yet',
    'it is not implemented in this version of container-hook; use a "docker" connection (the default, docker_default) meanwhile',
  );
}
