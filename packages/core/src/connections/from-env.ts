import { ConnectionConfigError } from '../errors.js';
import { Connection } from './connection.js';
import { dejsonExtra, describe, normalizeConnType, parseConnectionUri, parseJsonObject } from './uri.js';

/** The prefix of connection environment variables, as Airflow's `EnvironmentVariablesBackend` has it. */
export const CONN_ENV_PREFIX = 'AIRFLOW_CONN_';

/**
 * The environment variable that holds a connection: `AIRFLOW_CONN_` and the id upper-cased
 * (`my_prod_db` → `AIRFLOW_CONN_MY_PROD_DB`).
 * @param connId - the connection id.
 * @returns the variable's name.
 */
export function connectionEnvVarName(connId: string): string {
  return `${CONN_ENV_PREFIX}${connId.toUpperCase()}`;
}

/**
 * Reads a connection from `AIRFLOW_CONN_<CONN_ID>`, as Airflow's `EnvironmentVariablesBackend` does: the value
 * is stripped; when it starts with `{` it is the JSON form ({@link parseConnectionJson}), else the URI form
 * ({@link parseConnectionUri}). An unset or blank variable means "not here", as in Airflow.
 * @param connId - the connection id (looked up upper-cased).
 * @param env - the environment; default `process.env`.
 * @returns the connection, or `undefined` when the variable is unset or blank.
 * @throws {ConnectionConfigError} when the value cannot be parsed; the message names the variable, never its value.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html#storing-connections-in-environment-variables
 */
export function connectionFromEnv(connId: string, env: NodeJS.ProcessEnv = process.env): Connection | undefined {
  const name = connectionEnvVarName(connId);
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  return parseConnectionValue(connId, value, { origin: name });
}

/**
 * Every connection defined by an `AIRFLOW_CONN_*` variable, keyed by its id: the variable's suffix
 * lower-cased (`AIRFLOW_CONN_MY_DB` → `my_db`), since the id's original case cannot be recovered.
 * Blank variables are skipped. (Airflow's `connections list` does not show these at all.)
 * @param env - the environment; default `process.env`.
 * @returns the connections with the variable each came from, sorted by id.
 * @throws {ConnectionConfigError} when a value cannot be parsed.
 */
export function connectionsFromEnv(env: NodeJS.ProcessEnv = process.env): Array<{ connection: Connection; origin: string }> {
  const found: Array<{ connection: Connection; origin: string }> = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(CONN_ENV_PREFIX) || name.length === CONN_ENV_PREFIX.length) continue;
    if (value === undefined || value.trim() === '') continue;
    const connId = name.slice(CONN_ENV_PREFIX.length).toLowerCase();
    found.push({ connection: parseConnectionValue(connId, value, { origin: name }), origin: name });
  }
  return found.sort((a, b) => compare(a.connection.connId, b.connection.connId));
}

/** Options of {@link parseConnectionValue} and {@link parseConnectionJson}. */
export interface ParseConnectionValueOptions {
  /** Where the value came from (`AIRFLOW_CONN_MY_ID`, a file path), named in error messages. */
  origin?: string;
}

/**
 * Parses a serialised connection in either of Airflow's forms: stripped, a value starting with `{` is the
 * JSON form, anything else the URI form.
 * @param connId - the connection id.
 * @param value - the URI or JSON text.
 * @param options - `origin` names where the value came from in error messages.
 * @returns the connection.
 * @throws {ConnectionConfigError} when the value cannot be parsed.
 */
export function parseConnectionValue(connId: string, value: string, options: ParseConnectionValueOptions = {}): Connection {
  const text = value.trim();
  if (text.startsWith('{')) {
    const fields = parseJsonObject(text);
    if (fields === undefined) {
      throw new ConnectionConfigError(
        `${describe(connId, options.origin)} starts with "{" but is not a valid JSON object; write it as {"conn_type": "docker", "host": "...", "extra": {...}} or as a URI`,
        { details: details(connId, options.origin) },
      );
    }
    return parseConnectionJson(connId, fields, options);
  }
  return parseConnectionUri(connId, text, options);
}

/** The keys of Airflow's `Connection` constructor. */
const CONNECTION_KEYS = ['conn_id', 'conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra', 'uri'] as const;
const STRING_KEYS = ['conn_type', 'description', 'host', 'login', 'password', 'schema'] as const;

/** Options of {@link parseConnectionJson}. */
export interface ParseConnectionJsonOptions extends ParseConnectionValueOptions {
  /**
   * Accept `extra_dejson` (the extra as an object, exclusive with `extra`), as Airflow's connections files
   * and `airflow connections import` do. Default false: `Connection.from_json` does not.
   */
  allowExtraDejson?: boolean;
}

/**
 * Builds a connection from Airflow's JSON form (`Connection.from_json`), or a connections file entry:
 * `{"conn_type", "description", "host", "login", "password", "schema", "port", "extra"}`, or `{"uri"}`
 * (with an optional `description`).
 *
 * - `conn_type` is normalised as in a URI (`azure-container-instance` → `azure_container_instance`);
 * - `port` is cast to an integer (`"5432"` → 5432); 0, `null` and `""` leave it unset, as Airflow's `if port:`;
 * - `extra` is an object or the stored JSON string of one (what `airflow connections export` writes), then
 *   read like `extra_dejson` ({@link dejsonExtra});
 * - `null` values mean "unset" (the export writes `"description": null`); a `conn_id` must match `connId`.
 *
 * @param connId - the connection id.
 * @param fields - the parsed JSON object.
 * @param options - `origin` for messages; `allowExtraDejson` for connections files.
 * @returns the connection.
 * @throws {ConnectionConfigError} on an unknown key, a wrong type, a missing `conn_type`, `uri` mixed with
 * fields, or an `extra` that is not a JSON object; messages name keys, never values.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html#json-format-example
 */
export function parseConnectionJson(connId: string, fields: Readonly<Record<string, unknown>>, options: ParseConnectionJsonOptions = {}): Connection {
  const where = describe(connId, options.origin);
  const fail = (message: string): ConnectionConfigError => new ConnectionConfigError(`${where} ${message}`, { details: details(connId, options.origin) });
  const allowed: readonly string[] = options.allowExtraDejson ? [...CONNECTION_KEYS, 'extra_dejson'] : CONNECTION_KEYS;

  const unknown = Object.keys(fields).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw fail(`has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; use only ${allowed.join(', ')}`);
  }
  if (fields.conn_id !== undefined && fields.conn_id !== null && fields.conn_id !== connId) {
    throw fail(`has "conn_id" ${JSON.stringify(String(fields.conn_id))}, which differs from its id; remove "conn_id" or make them equal`);
  }
  if (isSet(fields.extra) && isSet(fields.extra_dejson)) {
    throw fail('has both "extra" and "extra_dejson", which are mutually exclusive; keep only one');
  }

  const strings: Partial<Record<(typeof STRING_KEYS)[number], string>> = {};
  for (const key of STRING_KEYS) {
    const value = fields[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string') strings[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) strings[key] = String(value);
    else throw fail(`has a "${key}" that is not a string; write it as a JSON string`);
  }

  if (isSet(fields.uri)) {
    if (typeof fields.uri !== 'string') throw fail('has a "uri" that is not a string; write it as a JSON string');
    const mixed = ['conn_type', 'host', 'login', 'password', 'schema', 'port', 'extra', 'extra_dejson'].filter((k) => isSet(fields[k]));
    if (mixed.length > 0) {
      throw fail(`has "uri" and also ${mixed.map((k) => `"${k}"`).join(', ')}; give either the URI or the individual fields, not both`);
    }
    const parsed = parseConnectionUri(connId, fields.uri, { origin: options.origin });
    return strings.description === undefined ? parsed : withDescription(parsed, strings.description);
  }

  if (strings.conn_type === undefined) {
    throw fail('has no "conn_type"; add one, such as "docker" or "azure_container_instance"');
  }

  return new Connection({
    connId,
    connType: normalizeConnType(strings.conn_type),
    description: strings.description,
    host: strings.host,
    login: strings.login,
    password: strings.password,
    schema: strings.schema,
    port: toPort(fields.port, fail),
    extra: dejsonExtra(toExtra(fields.extra ?? fields.extra_dejson, fail)),
  });
}

/** Airflow's `int(port)` after `if port:`: 0, null and '' mean unset; an integer or integer text is a port. */
function toPort(value: unknown, fail: (message: string) => ConnectionConfigError): number | undefined {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return undefined;
  let port: number = Number.NaN;
  if (typeof value === 'number') port = Math.trunc(value);
  else if (typeof value === 'string' && /^\s*\+?[0-9]+\s*$/.test(value)) port = Number(value.trim());
  if (!(port >= 0 && port <= 65535)) throw fail('has a "port" that is not an integer from 0 to 65535; write it as a number, such as 5432');
  return port;
}

/** The extra as an object: given as one, or as the stored JSON string of one; empty or null is `{}`. */
function toExtra(value: unknown, fail: (message: string) => ConnectionConfigError): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    const parsed = parseJsonObject(value);
    if (parsed === undefined) throw fail('has an "extra" string that is not a JSON object; write it as {"key": "value"} or as a JSON object');
    return parsed;
  }
  if (typeof value === 'object' && !Array.isArray(value)) return { ...(value as Record<string, unknown>) };
  throw fail('has an "extra" that is neither an object nor the JSON string of one; write it as {"key": "value"}');
}

function withDescription(c: Connection, description: string): Connection {
  return new Connection({
    connId: c.connId,
    connType: c.connType,
    description,
    host: c.host,
    login: c.login,
    password: c.password,
    port: c.port,
    schema: c.schema,
    extra: { ...c.extra },
  });
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function details(connId: string, origin: string | undefined): Record<string, unknown> {
  return origin === undefined ? { connId } : { connId, origin };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
