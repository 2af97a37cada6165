// The public surface of @container-hook/aci-backend: named re-exports only.
import type { ContainerModule } from 'inversify';
import { aciBackendModule } from './module.js';

export { AciContainerGroupHook, AZURE_DEFAULT_CONN_ID, DEFAULT_LOCATION } from './hook.js';
export type { AciContainerGroupHookOptions } from './hook.js';
export { aciBackendModule } from './module.js';

/** The inversify module of the ACI backend (what `container-hook` registers lazily for Azure connections). */
export async function loadAciBackendModule(): Promise<ContainerModule> {
  return aciBackendModule;
}
