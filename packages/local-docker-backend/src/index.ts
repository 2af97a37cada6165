// The public surface of @container-hook/local-docker-backend: named re-exports only.
export { DockerContainerGroupHook } from './hook.js';
export type { DockerContainerGroupHookOptions } from './hook.js';
export { dockerBackendModule } from './module.js';
