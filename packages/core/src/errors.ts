import { redact, redactText } from './redact.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** One problem found in a container group: where (a JSON path such as `containers[0].image`) and what. */
export interface ValidationProblem {
  path: string;
  message: string;
}

export interface ContainerHookErrorOptions {
  /** A stable machine-readable code; defaults to the class name without `Error`. */
  code?: string;
  /** The error this one translates (an SDK or engine error). Shown only redacted. */
  cause?: unknown;
  /** Structured facts for programs (resource group, name, problems…). Shown only redacted. */
  details?: Record<string, unknown>;
}

/**
 * The base of every error container-hook throws. It carries a stable `code` that reads like ARM's
 * (`ContainerGroupNotFound`), so the emulator can return it as `CloudError.code` unchanged.
 *
 * WARNING: check errors with {@link isContainerHookError} (by `name`/`code`), not `instanceof`: a tree may
 * hold two copies of the core. No message, `toString`, `toJSON` or `util.inspect` shows a secret.
 */
export class ContainerHookError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: ContainerHookErrorOptions = {}) {
    super(redactText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? new.target.name.replace(/Error$/, '');
    this.details = options.details === undefined ? undefined : redact(options.details);
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }

  /** What `JSON.stringify` writes: name, code, message, redacted details and cause chain; never a stack. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, details: this.details, cause: describeCause(this.cause) };
  }

  [inspectSymbol](): string {
    const cause = describeCause(this.cause);
    const lines = [`${this.name} [${this.code}]: ${this.message}`];
    if (this.details !== undefined) lines.push(`  details: ${JSON.stringify(this.details)}`);
    for (let c = cause; c; c = c.cause as typeof cause) lines.push(`  caused by ${c.name}: ${c.message}`);
    return lines.join('\n');
  }
}

interface CauseDescription {
  name: string;
  message: string;
  code?: unknown;
  cause?: CauseDescription;
}

/** A redacted description of a cause chain: names, codes and messages only (a RestError's request holds tokens). */
function describeCause(cause: unknown, depth = 0): CauseDescription | undefined {
  if (cause === undefined || cause === null || depth > 5) return undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return {
      name: cause.name,
      message: redactText(cause.message),
      ...(code === undefined ? {} : { code }),
      ...(cause.cause === undefined ? {} : { cause: describeCause(cause.cause, depth + 1) }),
    };
  }
  return { name: typeof cause, message: redactText(String(cause)) };
}

/** A group does not exist. */
export class ContainerGroupNotFoundError extends ContainerHookError {
  readonly resourceGroup: string;
  readonly containerGroupName: string;
  constructor(resourceGroup: string, name: string, options: ContainerHookErrorOptions = {}) {
    super(
      `container group "${name}" was not found in resource group "${resourceGroup}"; run "container-hook list -g ${resourceGroup}" to see what exists`,
      { ...options, details: { resourceGroup, name, ...options.details } },
    );
    this.resourceGroup = resourceGroup;
    this.containerGroupName = name;
  }
}

/** `runContainerGroup` was asked to create a group that already exists (`failIfExists`, Airflow's default). */
export class ContainerGroupExistsError extends ContainerHookError {
  constructor(resourceGroup: string, name: string, options: ContainerHookErrorOptions = {}) {
    super(
      `container group "${name}" already exists in resource group "${resourceGroup}"; delete it first ("container-hook delete ${name} -g ${resourceGroup}") or pick another name`,
      { ...options, details: { resourceGroup, name, ...options.details } },
    );
  }
}

/** A group became `Failed` or `Unhealthy` (provisioning failed, an image could not be pulled, an init container failed). */
export class ContainerGroupFailedError extends ContainerHookError {
  readonly state: string;
  constructor(resourceGroup: string, name: string, state: string, reason: string, options: ContainerHookErrorOptions = {}) {
    super(`container group "${name}" in resource group "${resourceGroup}" is ${state}: ${reason}`, {
      ...options,
      details: { resourceGroup, name, state, reason, ...options.details },
    });
    this.state = state;
  }
}

/** An operation ran past the time it was given (`timeoutInMs`). */
export class OperationTimeoutError extends ContainerHookError {
  readonly timeoutInMs: number;
  constructor(message: string, timeoutInMs: number, options: ContainerHookErrorOptions = {}) {
    super(message, { ...options, details: { timeoutInMs, ...options.details } });
    this.timeoutInMs = timeoutInMs;
  }
}

/** A resource group does not exist (ACI's `ResourceGroupNotFound`). */
export class ResourceGroupNotFoundError extends ContainerHookError {
  readonly resourceGroup: string;
  constructor(resourceGroup: string, options: ContainerHookErrorOptions = {}) {
    super(`resource group "${resourceGroup}" could not be found; create it first or check the subscription`, {
      ...options,
      details: { resourceGroup, ...options.details },
    });
    this.resourceGroup = resourceGroup;
  }
}

/** A group body breaks one or more service rules; `problems` lists each with its JSON path. */
export class InvalidContainerGroupError extends ContainerHookError {
  readonly problems: readonly ValidationProblem[];
  constructor(name: string, problems: readonly ValidationProblem[], options: ContainerHookErrorOptions = {}) {
    const first = problems[0];
    const summary = first ? `${first.path || '(document)'}: ${first.message}` : 'no details';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`container group "${name}" is invalid: ${summary}${more}; fix the definition and try again`, {
      ...options,
      details: { name, problems, ...options.details },
    });
    this.problems = problems;
  }
}

/** The backend cannot honour a field of the group (e.g. `azureFile` volumes on Docker); never dropped silently. */
export class UnsupportedFeatureError extends ContainerHookError {
  readonly path: string;
  readonly backend: string;
  constructor(backend: string, path: string, reason: string, options: ContainerHookErrorOptions = {}) {
    super(`the ${backend} backend does not support ${path}: ${reason}`, { ...options, details: { backend, path, ...options.details } });
    this.backend = backend;
    this.path = path;
  }
}

/** The backend refused the credentials (HTTP 401/403, a failed token request, a registry login). */
export class AuthenticationError extends ContainerHookError {}

/** The backend asked us to slow down (HTTP 429); `retryAfterMs` says for how long, when it said. */
export class ThrottledError extends ContainerHookError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: ContainerHookErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The backend could not be reached or failed (engine down, 5xx, lost socket). */
export class BackendUnavailableError extends ContainerHookError {}

/** No connection has that id in any source (environment, connections file, built-ins). */
export class ConnectionNotFoundError extends ContainerHookError {
  readonly connId: string;
  constructor(connId: string, options: ContainerHookErrorOptions = {}) {
    super(
      `connection "${connId}" was not found; set AIRFLOW_CONN_${connId.toUpperCase()} or add it to the file named by CONTAINER_HOOK_CONNECTIONS_FILE`,
      { ...options, details: { connId, ...options.details } },
    );
    this.connId = connId;
  }
}

/** A connection exists but cannot be used as written (bad URI, unknown type, missing field). */
export class ConnectionConfigError extends ContainerHookError {}

/** True when `e` is a container-hook error (of `code`, when given), judged by name and code, not `instanceof`. */
export function isContainerHookError(e: unknown, code?: string): e is ContainerHookError {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code: c } = e as { name?: unknown; code?: unknown };
  const ours = e instanceof ContainerHookError || (typeof name === 'string' && name.endsWith('Error') && typeof c === 'string' && KNOWN_CODES.has(c));
  return ours && (code === undefined || c === code);
}

const KNOWN_CODES = new Set([
  'ContainerHook',
  'ContainerGroupNotFound',
  'ContainerGroupExists',
  'ContainerGroupFailed',
  'OperationTimeout',
  'ResourceGroupNotFound',
  'InvalidContainerGroup',
  'UnsupportedFeature',
  'Authentication',
  'Throttled',
  'BackendUnavailable',
  'ConnectionNotFound',
  'ConnectionConfig',
]);
