import { ConnectionConfigError } from '../errors.js';
import { Connection } from './connection.js';

/**
 * Parsing of Airflow connection URIs, as Airflow's `Connection._parse_from_uri` does it on top of Python's
 * `urllib.parse.urlsplit`, `unquote` and `parse_qsl`. Node's `URL` is not used: it rejects forms Airflow
 * accepts (`azure-container-instance://login:pass@?tenantId=x`, `azure://?key_path=%2Fkeys%2Fkey.json`).
 *
 * No error raised here quotes the URI or any part of it other than the connection type: a URI holds a
 * password, and a malformed one may hold it anywhere (Python's own `ValueError` for a bad port would quote it).
 */

/** Options of {@link parseConnectionUri}. */
export interface ParseConnectionUriOptions {
  /** Where the URI came from (`AIRFLOW_CONN_MY_ID`, a file path), named in error messages. */
  origin?: string;
}

/** The parameter that carries the whole extra as one JSON string (Airflow's `Connection.EXTRA_KEY`). */
export const EXTRA_KEY = '__extra__';

const PERCENT_ENCODING_FIX =
  'percent-encode reserved characters in the login, password, host and query values ("/" as %2F, "@" as %40, ":" as %3A, "?" as %3F, "#" as %23)';

/**
 * Parses an Airflow connection URI (`my-conn-type://login:password@host:port/schema?param=value`) into a
 * {@link Connection}, the way Airflow's `Connection(uri=...)` does:
 *
 * - the scheme is the connection type, lower-cased, with `-` turned into `_` (`azure-container-instance` →
 *   `azure_container_instance`), and `postgresql` → `postgres`;
 * - login, password, host and schema are percent-decoded; a host that decodes to something holding `/` (a
 *   percent-encoded URL, as the docker provider's `docker://user:pass@https%3A%2F%2Findex.docker.io%2Fv1:80`)
 *   is kept as written, other hosts are lower-cased as Python's `urlsplit(...).hostname` does;
 * - `my-type://https://host` (a host with its own protocol) keeps the protocol in `host` (`https://host`);
 * - the port is an integer from 0 to 65535;
 * - the query becomes `extra` with `parse_qsl` rules (blank values kept, `+` is a space, the last of
 *   repeated keys wins); a `__extra__` parameter is instead the whole extra as one JSON object;
 * - then, as Airflow's `extra_dejson` does, each string value of the extra that is valid JSON is replaced by
 *   its value (`"true"` → `true`, `"123"` → `123`, `'{"a":1}'` → `{ a: 1 }`); see {@link dejsonExtra}.
 *
 * Empty components (`azure://?key_path=...` has no host, `...@/?...` has an empty schema) are left unset.
 *
 * WARNING: when `__extra__` is present, every other query parameter is ignored, as in Airflow.
 *
 * @param connId - the id the connection is known by.
 * @param uri - the URI, as in `AIRFLOW_CONN_<CONN_ID>`.
 * @param options - `origin` names where the URI came from in error messages.
 * @returns the connection.
 * @throws {ConnectionConfigError} when the URI cannot be parsed; the message names the problem and the
 * fix, never the password or any other part of the URI.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html#uri-format
 */
export function parseConnectionUri(connId: string, uri: string, options: ParseConnectionUriOptions = {}): Connection {
  const fail = (problem: string, fix: string): ConnectionConfigError =>
    new ConnectionConfigError(`${describe(connId, options.origin)} has an invalid URI: ${problem}; ${fix}`, {
      details: { connId, ...(options.origin === undefined ? {} : { origin: options.origin }) },
    });
  if (typeof uri !== 'string') throw fail('it is not a string', 'write it as "my-conn-type://login:password@host:port/schema?param=value"');
  const cleaned = cleanUrl(uri);

  const schemeCount = cleaned.split('://').length - 1;
  if (schemeCount === 0) {
    throw fail('it has no connection type (the scheme before "://")', 'write it as "my-conn-type://login:password@host:port/schema?param=value"');
  }
  if (schemeCount > 2) throw fail('"://" appears more than twice', PERCENT_ENCODING_FIX);

  let outer: SplitResult;
  try {
    outer = urlsplit(cleaned);
  } catch {
    throw fail('its host has unbalanced IPv6 brackets', 'write an IPv6 host as [::1]');
  }
  const scheme = outer.scheme;
  const head = cleaned.slice(0, cleaned.indexOf('://'));
  if (scheme === '' || head.toLowerCase() !== scheme) {
    // A URI scheme allows letters, digits, "+", "-" and "."; Airflow's get_uri() warns schemes "shall not contain '_'".
    const shown = /^[A-Za-z][A-Za-z0-9+.\-_]*$/.test(head) ? ` "${head}"` : '';
    const fix = shown && head.includes('_') ? `write it with "-" instead of "_" ("${head.replaceAll('_', '-')}://"); it is read back with "_"` : 'start it with a letter and use only letters, digits, "+", "-" and "."';
    throw fail(`the connection type${shown} is not a valid URI scheme`, fix);
  }

  const connType = normalizeConnType(scheme);
  const afterScheme = cleaned.slice(cleaned.indexOf('://') + 3);
  const hostWithProtocol = schemeCount === 2;
  if (hostWithProtocol) {
    const protocol = afterScheme.split('://', 1)[0] ?? '';
    if (protocol.includes('@') || protocol.includes(':')) {
      throw fail('"://" appears twice but the text between them is not a protocol (as in "my-type://https://host")', PERCENT_ENCODING_FIX);
    }
  }

  let parts: SplitResult;
  try {
    parts = urlsplit(hostWithProtocol ? afterScheme : `//${afterScheme}`);
  } catch {
    throw fail('its host has unbalanced IPv6 brackets', 'write an IPv6 host as [::1]');
  }
  const { username, password } = userinfo(parts.netloc);
  const { port: rawPort } = hostinfo(parts.netloc);
  let port: number | undefined;
  if (rawPort !== undefined) {
    port = /^[0-9]+$/.test(rawPort) ? Number(rawPort) : Number.NaN;
    if (!(port >= 0 && port <= 65535)) {
      throw fail('the port is not a number from 0 to 65535 (a password holding an unencoded "/", "?" or "#" also ends up there)', PERCENT_ENCODING_FIX);
    }
  }

  const hostname = netlocToHostname(parts);
  const host = hostname && hostWithProtocol ? `${parts.scheme}://${hostname}` : hostname;
  const schema = unquote(parts.path.slice(1));

  let extra: Record<string, unknown> = {};
  if (parts.query) {
    const query = new Map(parseQsl(parts.query));
    if (query.has(EXTRA_KEY)) {
      const parsed = parseJsonObject(query.get(EXTRA_KEY) ?? '');
      if (parsed === undefined) {
        throw fail(`its ${EXTRA_KEY} parameter is not a percent-encoded JSON object`, `set ${EXTRA_KEY} to encodeURIComponent(JSON.stringify(extra))`);
      }
      extra = parsed;
    } else {
      extra = Object.fromEntries(query);
    }
  }

  return new Connection({
    connId,
    connType,
    host: host || undefined,
    login: username ? unquote(username) : undefined,
    password: password ? unquote(password) : undefined,
    port,
    schema: schema || undefined,
    extra: dejsonExtra(extra),
  });
}

/**
 * A connection type as Airflow normalises it (`Connection._normalize_conn_type`): `postgresql` → `postgres`,
 * and every `-` → `_` (`azure-container-instance` → `azure_container_instance`).
 * @param connType - the type as written (a URI scheme or a JSON `conn_type`).
 * @returns the normalised type.
 */
export function normalizeConnType(connType: string): string {
  return connType === 'postgresql' ? 'postgres' : connType.replaceAll('-', '_');
}

/**
 * An extra as Airflow's `extra_dejson` returns it in its nested form: each string value that is valid JSON is
 * replaced by what it holds (`"true"` → `true`, `"123"` → `123`, `'{"a":1}'` → `{ a: 1 }`); other values stay.
 *
 * WARNING: a secret that looks like a number (`client_secret=12345`) becomes a number, as in Airflow; read
 * secrets with `String(...)`. A number JavaScript cannot hold exactly (an integer beyond 2^53) stays a string
 * rather than being rounded.
 * @param extra - the extra with its values as stored.
 * @returns a new object; `__proto__` and similar keys stay plain properties.
 */
export function dejsonExtra(extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, typeof value === 'string' ? dejsonValue(value) : value]));
}

function dejsonValue(value: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (typeof parsed === 'number' && (!Number.isFinite(parsed) || (Number.isInteger(parsed) && !Number.isSafeInteger(parsed)))) return value;
  return parsed;
}

/**
 * `JSON.parse` of a JSON object, or `undefined` when the text is not one. Never throws: V8's `SyntaxError`
 * quotes the text, which may hold a secret.
 * @internal
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** `connection "id"` or `connection "id" (from ORIGIN)`. @internal */
export function describe(connId: string, origin: string | undefined): string {
  return origin === undefined ? `connection "${connId}"` : `connection "${connId}" (from ${origin})`;
}

// ---- Python's urllib.parse, the parts Airflow relies on ----

interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** urlsplit's clean-up: strip leading C0 controls and spaces, remove tabs and newlines anywhere. */
function cleanUrl(url: string): string {
  // eslint-disable-next-line no-control-regex
  return url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\r\n]/g, '');
}

/** Python's `urllib.parse.urlsplit(url)` (allow_fragments=True). @throws {Error} on unbalanced IPv6 brackets. */
function urlsplit(input: string): SplitResult {
  let url = cleanUrl(input);
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const i = url.indexOf(':');
  if (i > 0 && /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  if (url.startsWith('//')) {
    let delim = url.length;
    for (const c of '/?#') {
      const w = url.indexOf(c, 2);
      if (w >= 0) delim = Math.min(delim, w);
    }
    netloc = url.slice(2, delim);
    url = url.slice(delim);
    if (netloc.includes('[') !== netloc.includes(']')) throw new Error('Invalid IPv6 URL');
  }
  const hash = url.indexOf('#');
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  const q = url.indexOf('?');
  if (q >= 0) {
    query = url.slice(q + 1);
    url = url.slice(0, q);
  }
  return { scheme, netloc, path: url, query, fragment };
}

/** `SplitResult.username`/`.password`: the user info is what precedes the last `@`; the password follows its first `:`. */
function userinfo(netloc: string): { username: string | undefined; password: string | undefined } {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return { username: undefined, password: undefined };
  const info = netloc.slice(0, at);
  const colon = info.indexOf(':');
  return colon < 0 ? { username: info, password: undefined } : { username: info.slice(0, colon), password: info.slice(colon + 1) };
}

/** `SplitResult._hostinfo`: the host (IPv6 brackets removed) and the raw port text, if any. */
function hostinfo(netloc: string): { hostname: string; port: string | undefined } {
  const info = netloc.slice(netloc.lastIndexOf('@') + 1);
  let hostname: string;
  let port: string;
  const open = info.indexOf('[');
  if (open >= 0) {
    const bracketed = info.slice(open + 1);
    const close = bracketed.indexOf(']');
    hostname = close < 0 ? bracketed : bracketed.slice(0, close);
    const after = close < 0 ? '' : bracketed.slice(close + 1);
    const colon = after.indexOf(':');
    port = colon < 0 ? '' : after.slice(colon + 1);
  } else {
    const colon = info.indexOf(':');
    hostname = colon < 0 ? info : info.slice(0, colon);
    port = colon < 0 ? '' : info.slice(colon + 1);
  }
  return { hostname, port: port === '' ? undefined : port };
}

/**
 * Airflow's `_parse_netloc_to_hostname`: `SplitResult.hostname` (lower-cased up to a `%`, as Python does)
 * percent-decoded, unless the decoded host holds a `/` (a percent-encoded URL): then the netloc's host part
 * as written, decoded but not lower-cased.
 */
function netlocToHostname(parts: SplitResult): string {
  const raw = hostinfo(parts.netloc).hostname;
  const percent = raw.indexOf('%');
  let hostname = unquote(percent < 0 ? raw.toLowerCase() : raw.slice(0, percent).toLowerCase() + raw.slice(percent));
  if (hostname.includes('/')) {
    let h = parts.netloc;
    if (h.includes('@')) h = h.slice(h.lastIndexOf('@') + 1);
    if (h.includes(':')) h = h.slice(0, h.indexOf(':'));
    hostname = unquote(h);
  }
  return hostname;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Python's `urllib.parse.unquote`: each run of `%XX` escapes is decoded as UTF-8 (invalid bytes become
 * U+FFFD); a `%` not followed by two hex digits stays as written (where `decodeURIComponent` would throw).
 */
function unquote(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return utf8.decode(bytes);
  });
}

/** Python's `parse_qsl(qs, keep_blank_values=True)`: `&`-separated, `+` is a space, a name without `=` has value ''. */
function parseQsl(qs: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const field of qs.split('&')) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const name = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? '' : field.slice(eq + 1);
    pairs.push([unquote(name.replaceAll('+', ' ')), unquote(value.replaceAll('+', ' '))]);
  }
  return pairs;
}
