import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ConnectionConfigError } from '../errors.js';
import { Connection } from './connection.js';
import { parseConnectionJson, parseConnectionValue } from './from-env.js';

/** The environment variable naming the connections file. */
export const CONNECTIONS_FILE_ENV = 'CONTAINER_HOOK_CONNECTIONS_FILE';

/** The formats of a connections file, picked by its extension (`.yml` is `yaml`). */
export type ConnectionsFileFormat = 'env' | 'json' | 'yaml';

/**
 * The connections file named by `CONTAINER_HOOK_CONNECTIONS_FILE`, resolved against the working directory.
 * @param env - the environment; default `process.env`.
 * @returns the absolute path, or `undefined` when the variable is unset or blank.
 */
export function connectionsFilePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[CONNECTIONS_FILE_ENV]?.trim();
  return value ? resolve(value) : undefined;
}

/**
 * The format of a connections file, from its extension as Airflow's `LocalFilesystemBackend` does.
 * @param path - the file's path.
 * @returns the format.
 * @throws {ConnectionConfigError} when the extension is not `.env`, `.json`, `.yaml` or `.yml`.
 */
export function connectionsFileFormat(path: string): ConnectionsFileFormat {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'env' || ext === 'json' || ext === 'yaml') return ext;
  if (ext === 'yml') return 'yaml';
  throw new ConnectionConfigError(
    `connections file "${path}" has an unsupported extension; name it *.json, *.yaml, *.yml or *.env (as "airflow connections export" writes them)`,
    { details: { file: path } },
  );
}

/**
 * Reads a connections file in the shapes `airflow connections export` writes and `airflow connections import`
 * and Airflow's `LocalFilesystemBackend` read; see {@link parseConnectionsFile}.
 * @param path - the file; its extension picks the format.
 * @returns the connections by id, in file order.
 * @throws {ConnectionConfigError} when the file is missing, unreadable or malformed, or an entry is invalid;
 * the message names the file (and the line or id) and the fix, never a secret.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html#exporting-connections-to-file
 * @see https://airflow.apache.org/docs/apache-airflow/stable/security/secrets/secrets-backend/local-filesystem-secrets-backend.html
 */
export async function readConnectionsFile(path: string): Promise<Map<string, Connection>> {
  const format = connectionsFileFormat(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const problem =
      code === 'ENOENT'
        ? `does not exist; create it (for example with "airflow connections export ${path}") or unset ${CONNECTIONS_FILE_ENV}`
        : `could not be read${typeof code === 'string' ? ` (${code})` : ''}; check that it is a readable file, or unset ${CONNECTIONS_FILE_ENV}`;
    throw new ConnectionConfigError(`connections file "${path}" (named by ${CONNECTIONS_FILE_ENV}) ${problem}`, { cause: e, details: { file: path } });
  }
  return parseConnectionsFile(text, format, path);
}

/**
 * Parses the text of a connections file.
 *
 * - `json`, `yaml`: a mapping `conn_id → entry`, where an entry is a URI string, or an object with the keys of
 *   Airflow's `Connection` (`conn_type`, `description`, `host`, `login`, `password`, `schema`, `port`, `extra`,
 *   `uri`) where `extra` is the stored JSON string the export writes (or an object), or `extra_dejson` (an
 *   object, exclusive with `extra`). A one-element list stands for its element, as in Airflow.
 * - `env`: one `conn_id=<URI or JSON>` per line; blank lines and `#` comments are skipped; a repeated id is an
 *   error (Airflow's `ConnectionNotUnique`).
 *
 * @param text - the file's content.
 * @param format - its format.
 * @param path - its path, named in error messages.
 * @returns the connections by id, in file order.
 * @throws {ConnectionConfigError} when the text is malformed or an entry is invalid.
 */
export function parseConnectionsFile(text: string, format: ConnectionsFileFormat, path: string): Map<string, Connection> {
  const entries = format === 'env' ? parseEnvFile(text, path) : format === 'json' ? parseJsonFile(text, path) : parseYamlFile(text, path);
  const connections = new Map<string, Connection>();
  for (const [connId, raw] of entries) {
    let value = raw;
    if (Array.isArray(value)) {
      if (value.length > 1) throw fileError(path, `has ${value.length} values for connection "${connId}"; keep only one`);
      if (value.length === 0) continue;
      value = value[0];
    }
    if (typeof value === 'string') {
      connections.set(connId, parseConnectionValue(connId, value, { origin: path }));
    } else if (typeof value === 'object' && value !== null) {
      connections.set(connId, parseConnectionJson(connId, value as Record<string, unknown>, { origin: path, allowExtraDejson: true }));
    } else {
      throw fileError(path, `defines connection "${connId}" with neither a URI string nor an object; write "${connId}: my-conn-type://..." or an object with "conn_type"`);
    }
  }
  return connections;
}

function fileError(path: string, message: string): ConnectionConfigError {
  return new ConnectionConfigError(`connections file "${path}" ${message}`, { details: { file: path } });
}

/** `LocalFilesystemBackend._parse_env_file`: `key=value` lines; the first `=` separates. */
function parseEnvFile(text: string, path: string): Array<[string, unknown]> {
  const entries: Array<[string, unknown]> = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r\n|\n|\r/);
  for (const [index, line] of lines.entries()) {
    const lineNo = index + 1;
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw fileError(path, `line ${lineNo} has no "="; write each connection as conn_id=<URI or JSON>`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === '') throw fileError(path, `line ${lineNo} has no connection id before "="; write it as conn_id=<URI or JSON>`);
    if (value === '') throw fileError(path, `line ${lineNo} has no value for connection "${key}"; write it as ${key}=<URI or JSON>`);
    const first = seen.get(key);
    if (first !== undefined) {
      throw fileError(path, `defines connection "${key}" more than once (lines ${first} and ${lineNo}); keep only one`);
    }
    seen.set(key, lineNo);
    entries.push([key, value]);
  }
  return entries;
}

function parseJsonFile(text: string, path: string): Array<[string, unknown]> {
  if (text.trim() === '') throw fileError(path, 'is empty; write a JSON object mapping each connection id to its connection');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text around the error, which may hold a password: keep only the position.
    const message = e instanceof Error ? e.message : '';
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
    const where = lineCol ? ` at line ${lineCol[1]} column ${lineCol[2]}` : '';
    throw fileError(path, `is not valid JSON${where}; fix it, or export it again with "airflow connections export ${path}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw fileError(path, 'does not hold a JSON object; write an object mapping each connection id to its connection');
  }
  return Object.entries(parsed);
}

/** Keys whose plain YAML scalars are taken as written (`password: 0123` stays "0123", not 123). */
const YAML_STRING_KEYS = new Set(['conn_id', 'conn_type', 'description', 'host', 'login', 'password', 'schema', 'uri']);

function parseYamlFile(text: string, path: string): Array<[string, unknown]> {
  if (text.trim() === '') throw fileError(path, 'is empty; write a mapping of each connection id to its connection');
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    // The library's message quotes the offending line, which may hold a password: keep only code and position.
    const line = error.linePos?.[0];
    const where = line ? ` at line ${line.line} column ${line.col}` : '';
    throw fileError(path, `is not valid YAML${where} (${error.code}); fix it, or export it again with "airflow connections export ${path}"`);
  }
  if (!isMap(doc.contents)) throw fileError(path, 'does not hold a mapping; write a mapping of each connection id to its connection');
  const entries: Array<[string, unknown]> = [];
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key !== 'string' && typeof key !== 'number') throw fileError(path, 'has a connection id that is not a string; write each id as a plain key');
    entries.push([String(key), yamlEntry(pair.value as Node | null, doc)]);
  }
  return entries;
}

function yamlEntry(node: Node | null, doc: Document): unknown {
  if (isSeq(node)) return node.items.map((item) => yamlEntry(item as Node | null, doc));
  if (!isMap(node)) return node === null ? null : node.toJS(doc);
  const out: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const value = pair.value as Node | null;
    // A string field written plain keeps its text: YAML would read `password: 0123` as 123 and `login: 1e3` as 1000.
    if (YAML_STRING_KEYS.has(key) && isScalar(value) && value.value !== null && typeof value.value !== 'string' && value.source !== undefined) {
      Object.defineProperty(out, key, { value: value.source, enumerable: true, writable: true, configurable: true });
    } else {
      Object.defineProperty(out, key, { value: value === null ? null : value.toJS(doc), enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}
