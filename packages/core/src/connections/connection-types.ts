/**
 * The connection types the core knows, alias → the type backends register under. One sorted table,
 * as libcloud's `Provider`: keep it sorted when adding a type.
 */
export const CONNECTION_TYPE_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  // Airflow's generic Azure connection (AzureBaseHook), used by many ACI set-ups (#15514).
  azure: 'azure_container_instance',
  // The type the current Airflow provider declares for AzureContainerInstanceHook.
  azure_container_instance: 'azure_container_instance',
  // The ACI-specific type of Airflow 1.10 (azure_container_instances_default).
  azure_container_instances: 'azure_container_instance',
  docker: 'docker',
});

/** The built-in backend types. */
export const KnownConnectionTypes = { AzureContainerInstance: 'azure_container_instance', Docker: 'docker' } as const;

/** The backend type a connection type selects: its alias target, else the type itself (third-party backends). */
export function toBackendType(connType: string): string {
  const normalised = connType.trim().toLowerCase().replaceAll('-', '_');
  return CONNECTION_TYPE_ALIASES[normalised] ?? normalised;
}
