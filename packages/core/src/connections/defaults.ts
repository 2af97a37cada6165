import { Connection } from './connection.js';
import { KnownConnectionTypes } from './connection-types.js';

/** The id of the built-in local Docker connection, the default of `createHook()` (as Airflow's `DockerHook`). */
export const DOCKER_DEFAULT_CONN_ID = 'docker_default';

/**
 * The built-in connections, the last source consulted: `docker_default`, local Docker with no engine address,
 * so the engine is discovered (`docker_url` extra unset: `DOCKER_HOST`, else the platform's socket) and a fresh
 * install runs with no configuration at all. An `AIRFLOW_CONN_DOCKER_DEFAULT` variable or a connections file
 * entry of the same id replaces it.
 * @returns new instances, sorted by id.
 */
export function builtInConnections(): Connection[] {
  return [new Connection({ connId: DOCKER_DEFAULT_CONN_ID, connType: KnownConnectionTypes.Docker })];
}

/**
 * The built-in connection of that id.
 * @param connId - the connection id.
 * @returns a new instance, or `undefined` when no built-in has the id.
 */
export function builtInConnection(connId: string): Connection | undefined {
  return builtInConnections().find((c) => c.connId === connId);
}
