import { ConnectionNotFoundError } from '../errors.js';
import type { Connection } from './connection.js';
import { builtInConnection, builtInConnections } from './defaults.js';
import { connectionEnvVarName, connectionFromEnv, connectionsFromEnv } from './from-env.js';
import { connectionsFilePath, readConnectionsFile } from './from-file.js';

export { Connection, type ConnectionFields } from './connection.js';
export { CONNECTION_TYPE_ALIASES, KnownConnectionTypes, toBackendType } from './connection-types.js';
export { builtInConnection, builtInConnections, DOCKER_DEFAULT_CONN_ID } from './defaults.js';
export {
  CONN_ENV_PREFIX,
  connectionEnvVarName,
  connectionFromEnv,
  connectionsFromEnv,
  parseConnectionJson,
  parseConnectionValue,
  type ParseConnectionJsonOptions,
  type ParseConnectionValueOptions,
} from './from-env.js';
export {
  CONNECTIONS_FILE_ENV,
  connectionsFileFormat,
  connectionsFilePath,
  parseConnectionsFile,
  readConnectionsFile,
  type ConnectionsFileFormat,
} from './from-file.js';
export { dejsonExtra, EXTRA_KEY, normalizeConnType, parseConnectionUri, type ParseConnectionUriOptions } from './uri.js';

/**
 * Where a connection was found:
 * - `env`: an `AIRFLOW_CONN_<CONN_ID>` environment variable;
 * - `file`: the connections file named by `CONTAINER_HOOK_CONNECTIONS_FILE`;
 * - `builtin`: the built-in defaults (`docker_default`).
 */
export type ConnectionSource = 'env' | 'file' | 'builtin';

/** A connection and where it came from, as `container-hook connections list` prints it. */
export interface ConnectionListing {
  connection: Connection;
  source: ConnectionSource;
  /** The variable name (`AIRFLOW_CONN_MY_ID`), the file's absolute path, or `built-in`. */
  origin: string;
}

/** Options of {@link getConnection}, {@link listConnections} and {@link listConnectionSources}. */
export interface GetConnectionOptions {
  /** The environment to read `AIRFLOW_CONN_*` and `CONTAINER_HOOK_CONNECTIONS_FILE` from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Options of {@link listConnections} and {@link listConnectionSources}. */
export type ListConnectionsOptions = GetConnectionOptions;

/**
 * Resolves a connection by id, from the first source that has it, as Airflow's secrets backends are searched:
 *
 * 1. the environment variable `AIRFLOW_CONN_<CONN_ID>` (id upper-cased; URI or JSON form; blank means unset);
 * 2. the connections file named by `CONTAINER_HOOK_CONNECTIONS_FILE` (`.json`, `.yaml`/`.yml`, `.env`; ids
 *    match exactly), read only when the variable does not have the id;
 * 3. the built-ins: `docker_default` (local Docker, engine discovered).
 *
 * @param connId - the connection id, such as `docker_default` or `azure_default`.
 * @param options - `env` replaces `process.env`.
 * @returns the connection.
 * @throws {ConnectionNotFoundError} when no source has the id.
 * @throws {ConnectionConfigError} when the variable or the file that holds the id cannot be parsed, or the
 * connections file is named but missing, unreadable or malformed.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html
 */
export async function getConnection(connId: string, options: GetConnectionOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const fromEnv = connectionFromEnv(connId, env);
  if (fromEnv) return fromEnv;
  const file = connectionsFilePath(env);
  if (file !== undefined) {
    const fromFile = (await readConnectionsFile(file)).get(connId);
    if (fromFile) return fromFile;
  }
  const builtIn = builtInConnection(connId);
  if (builtIn) return builtIn;
  throw new ConnectionNotFoundError(connId);
}

/**
 * Every connection of every source, each with its source, de-duplicated by the precedence of
 * {@link getConnection}: a file entry is hidden by an `AIRFLOW_CONN_<ID>` variable for the same upper-cased
 * id, a built-in by either. Environment connections are listed under their variable's suffix lower-cased
 * (`AIRFLOW_CONN_MY_DB` → `my_db`), since the original case cannot be recovered.
 *
 * This is the shape the CLI's `connections list` prints (id, type, source, host; the login and password
 * redacted by the caller).
 * @param options - `env` replaces `process.env`.
 * @returns the listings, sorted by id.
 * @throws {ConnectionConfigError} when a variable or the connections file cannot be parsed.
 */
export async function listConnectionSources(options: ListConnectionsOptions = {}): Promise<ConnectionListing[]> {
  const env = options.env ?? process.env;
  const listings: ConnectionListing[] = connectionsFromEnv(env).map(({ connection, origin }) => ({ connection, source: 'env', origin }));
  const shadowed = (connId: string): boolean => {
    const value = env[connectionEnvVarName(connId)];
    return value !== undefined && value.trim() !== '';
  };
  const taken = new Set<string>();
  const file = connectionsFilePath(env);
  if (file !== undefined) {
    for (const [connId, connection] of await readConnectionsFile(file)) {
      if (shadowed(connId)) continue;
      listings.push({ connection, source: 'file', origin: file });
      taken.add(connId);
    }
  }
  for (const connection of builtInConnections()) {
    if (shadowed(connection.connId) || taken.has(connection.connId)) continue;
    listings.push({ connection, source: 'builtin', origin: 'built-in' });
  }
  return listings.sort((a, b) => (a.connection.connId < b.connection.connId ? -1 : a.connection.connId > b.connection.connId ? 1 : 0));
}

/**
 * Every connection of every source, de-duplicated by the precedence of {@link getConnection}; see
 * {@link listConnectionSources} for where each came from.
 * @param options - `env` replaces `process.env`.
 * @returns the connections, sorted by id.
 * @throws {ConnectionConfigError} when a variable or the connections file cannot be parsed.
 */
export async function listConnections(options: ListConnectionsOptions = {}): Promise<Connection[]> {
  return (await listConnectionSources(options)).map((l) => l.connection);
}
