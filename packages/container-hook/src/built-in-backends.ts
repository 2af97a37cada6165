import { KnownConnectionTypes, registerBackend, registeredBackendTypes } from '@container-hook/core';

/**
 * Registers the built-in backends with the core's registry, each behind a lazy `import()`, so that a
 * backend's code (dockerode, the Azure SDK) is loaded only when a connection of its type is used.
 * Safe to call more than once; a backend a user registered for the same type first is kept.
 */
export function registerBuiltInBackends(): void {
  const registered = new Set(registeredBackendTypes());
  if (!registered.has(KnownConnectionTypes.Docker)) {
    registerBackend(KnownConnectionTypes.Docker, async () => (await import('@container-hook/local-docker-backend')).dockerBackendModule);
  }
  if (!registered.has(KnownConnectionTypes.AzureContainerInstance)) {
    registerBackend(KnownConnectionTypes.AzureContainerInstance, async () => (await import('@container-hook/aci-backend')).loadAciBackendModule());
  }
}
