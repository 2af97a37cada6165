import {
  AuthenticationError,
  BackendUnavailableError,
  ContainerGroupNotFoundError,
  ContainerHookError,
  isAbortError,
  isContainerHookError,
} from '@container-hook/core';

/** What an engine call was about, so that a translated error names it. */
export interface ErrorTarget {
  resourceGroup?: string;
  name?: string;
  /** The engine address tried (`unix:///var/run/docker.sock`, `tcp://host:2375`). */
  address?: string;
  /** An image reference, for pull errors. */
  image?: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EACCES', 'ENOTFOUND', 'EAI_AGAIN']);

/** The HTTP status of a dockerode/docker-modem error, if it has one. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** True when the engine answered 404 (no such container, image, volume). */
export function isNotFound(e: unknown): boolean {
  return statusOf(e) === 404;
}

/** True when the engine answered 409 (conflict: name in use, already started, removal in progress). */
export function isConflict(e: unknown): boolean {
  return statusOf(e) === 409;
}

/** True when the engine answered 304 (already started / already stopped). */
export function isNotModified(e: unknown): boolean {
  return statusOf(e) === 304;
}

/** True when the error says the engine could not be reached at all. */
export function isUnreachable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}

/** True when a registry refused the credentials (or gave none where some were needed). */
export function isAuthFailure(e: unknown): boolean {
  const s = statusOf(e);
  if (s === 401 || s === 403) return true;
  const m = messageOf(e);
  return /unauthorized|authentication required|denied|no basic auth credentials|incorrect username or password/i.test(m);
}

/** The engine's own message (docker-modem puts the JSON body in `json.message`). */
export function messageOf(e: unknown): string {
  if (e === null || typeof e !== 'object') return String(e);
  const json = (e as { json?: unknown }).json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') return (json as { message: string }).message;
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  return (e as Error).message ?? String(e);
}

/**
 * Translates an engine error into a core error: the one place that knows about HTTP statuses and socket
 * errors. 404 on a group's object → {@link ContainerGroupNotFoundError}; refused/absent socket →
 * {@link BackendUnavailableError} naming the address; 401/403 → {@link AuthenticationError}. Abort errors
 * and errors that already are container-hook errors pass through unchanged; the original is kept as `cause`.
 */
export function toHookError(e: unknown, target: ErrorTarget = {}): Error {
  if (isAbortError(e) || isContainerHookError(e)) return e as Error;
  if (isUnreachable(e)) {
    const where = target.address ?? 'the discovered address';
    return new BackendUnavailableError(
      `the Docker Engine at ${where} could not be reached (${(e as { code: string }).code}); start the engine or set the connection's extra "docker_url"`,
      { cause: e, details: { address: target.address } },
    );
  }
  const status = statusOf(e);
  if (status === 404 && target.resourceGroup !== undefined && target.name !== undefined) {
    return new ContainerGroupNotFoundError(target.resourceGroup, target.name, { cause: e });
  }
  if (isAuthFailure(e)) {
    const what = target.image === undefined ? 'the registry' : `the registry of image "${target.image}"`;
    return new AuthenticationError(`${what} refused the credentials: ${messageOf(e)}; check the group's imageRegistryCredentials or the connection's login`, {
      cause: e,
      details: { image: target.image, statusCode: status },
    });
  }
  if (status !== undefined && status >= 500) {
    return new BackendUnavailableError(`the Docker Engine${target.address ? ` at ${target.address}` : ''} failed: ${messageOf(e)}`, {
      cause: e,
      details: { statusCode: status },
    });
  }
  if (e instanceof Error) return e;
  return new ContainerHookError(`the Docker Engine failed: ${messageOf(e)}`, { cause: e });
}

/** For removals: swallows "already removed" and "removal in progress", rethrows anything else. */
export function ignoreGone(e: unknown): void {
  // Already removed, or its removal is in progress: delete is safe twice.
  if (isNotFound(e) || isConflict(e)) return;
  throw e;
}

/** For start/stop: swallows "already started" / "already stopped" (304), rethrows anything else. */
export function ignoreNotModified(e: unknown): void {
  if (isNotModified(e)) return;
  throw e;
}
