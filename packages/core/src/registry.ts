import { Container, type ContainerModule } from 'inversify';
import { Connection } from './connections/connection.js';
import { toBackendType } from './connections/connection-types.js';
import { getConnection } from './connections/index.js';
import { ConnectionConfigError } from './errors.js';
import { ContainerGroupHook } from './hook.js';

/**
 * Loads a backend's inversify module on first use. The module binds the backend's hook to the
 * {@link ContainerGroupHook} identifier and may take the {@link Connection} it runs for from the container:
 *
 * ```ts
 * new ContainerModule(({ bind }) => {
 *   bind(ContainerGroupHook).toResolvedValue((c: Connection) => new MyHook(c), [Connection]);
 * });
 * ```
 */
export type BackendModuleLoader = () => Promise<ContainerModule>;

export interface RegisterBackendOptions {
  /** Replace a backend already registered for this type instead of failing. Default false. */
  replace?: boolean;
}

const backends = new Map<string, BackendModuleLoader>();

/**
 * Registers a backend for a connection type. `load` is called, and so the backend's code imported, only
 * when a connection of that type is used. Aliases (`azure` → `azure_container_instance`) resolve to the
 * type they stand for.
 * @throws {TypeError} when the type is empty, or already registered without `replace`.
 */
export function registerBackend(connType: string, load: BackendModuleLoader, options: RegisterBackendOptions = {}): void {
  const type = toBackendType(connType);
  if (type === '') throw new TypeError('registerBackend: the connection type must not be empty');
  if (backends.has(type) && !options.replace) {
    throw new TypeError(`registerBackend: a backend is already registered for connection type "${type}"; pass { replace: true } to replace it`);
  }
  backends.set(type, load);
}

/** Removes a registration (for tests and plugins that unload). */
export function unregisterBackend(connType: string): boolean {
  return backends.delete(toBackendType(connType));
}

/** The registered backend types, sorted. */
export function registeredBackendTypes(): string[] {
  return [...backends.keys()].sort();
}

export interface CreateHookOptions {
  /** Where to read connections; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A hook for a connection: resolves the connection (by id, from `AIRFLOW_CONN_<ID>`, the connections
 * file or the built-ins), loads only the backend its type selects, and returns the hook. No network I/O
 * happens here: call `testConnection()` to check the backend answers.
 * @param connIdOrConnection - a connection id or a {@link Connection}; default `$CONTAINER_HOOK_CONN`, else `docker_default`.
 * @throws {ConnectionNotFoundError} when no source has the id.
 * @throws {ConnectionConfigError} when no backend is registered for the connection's type.
 */
export async function createHook(connIdOrConnection?: string | Connection, options: CreateHookOptions = {}): Promise<ContainerGroupHook> {
  const env = options.env ?? process.env;
  const connection =
    connIdOrConnection instanceof Connection
      ? connIdOrConnection
      : await getConnection(connIdOrConnection ?? env.CONTAINER_HOOK_CONN ?? 'docker_default', { env });
  const type = toBackendType(connection.connType);
  const load = backends.get(type);
  if (!load) {
    const known = registeredBackendTypes();
    throw new ConnectionConfigError(
      `connection "${connection.connId}" has type "${connection.connType}", for which no backend is registered; registered types: ${known.length ? known.join(', ') : 'none'} (import "container-hook" to register the built-in ones)`,
      { details: { connId: connection.connId, connType: connection.connType, registered: known } },
    );
  }
  const container = new Container();
  container.bind(Connection).toConstantValue(connection);
  await container.loadAsync(await load());
  return container.get<ContainerGroupHook>(ContainerGroupHook);
}
