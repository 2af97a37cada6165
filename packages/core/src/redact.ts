/**
 * Redaction for everything the library prints, serialises or puts in an error: connections, error
 * details, container groups. Keys are judged by name, so a new secret field is hidden without a change here.
 */

/** What a hidden value is replaced with. */
export const REDACTED = '***';

const SECRET_KEY = /pass(word|wd)?|secret|token|secure_?value|api_?key|access_?key|account_?key|workspace_?key|private_?key|client_?assertion|credential|key_json|authorization|cookie|protected_?settings|sas/i;

/** True when a property of this name holds a secret (`password`, `secureValue`, `key_json`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Hides bearer tokens, `user:password@` in URLs and `key=value` secrets inside free text. */
export function redactText(text: string): string {
  return text
    .replace(/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`)
    // The password runs to the last "@" of the authority (as urlsplit reads it), so "user:p@ss@host" hides all of "p@ss".
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]*@/gi, `$1${REDACTED}@`)
    // Any name ending in a secret word: api_key=, AccountKey= (storage connection strings, ";"-separated), client_secret=.
    .replace(/\b([\w.-]*(?:secret|password|passwd|pwd|token|secure_?value|sig|key)=)[^&;\s"']+/gi, `$1${REDACTED}`);
}

/**
 * A deep copy of `value` with every secret-named property replaced by {@link REDACTED} (a `secret`
 * volume keeps its file names; their contents go). Strings are passed through {@link redactText}.
 */
export function redact<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '') out[key] = v;
    else if (key === 'secret' && typeof v === 'object') out[key] = Object.fromEntries(Object.keys(v).map((k) => [k, REDACTED]));
    else out[key] = isSecretKey(key) ? REDACTED : redactValue(v, seen);
  }
  return out;
}
