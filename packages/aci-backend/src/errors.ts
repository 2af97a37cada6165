/**
 * The Azure SDK's errors → the core's typed errors: the one place that knows HTTP statuses and ARM codes.
 * The service's code and message are kept (in the message and `details`), the original is the `cause`,
 * and no message carries a secret (the core's errors redact).
 */
import {
  AuthenticationError,
  BackendUnavailableError,
  ContainerGroupNotFoundError,
  ContainerHookError,
  InvalidContainerGroupError,
  ResourceGroupNotFoundError,
  ThrottledError,
  isAbortError,
  type ValidationProblem,
} from '@container-hook/core';

/** What a call was about, so that a translated error names it. */
export interface ErrorTarget {
  resourceGroup?: string;
  name?: string;
  /** The ARM endpoint, for "cannot reach" messages. */
  endpoint?: string;
}

interface RestErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  details?: unknown;
  response?: { headers?: { get(name: string): string | undefined } };
}

/** Network failures the SDK reports with a code and no status (a RestError without a status is one too: TLS, DNS). */
const UNREACHABLE = new Set(['REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Credential errors of `@azure/identity`, recognised by name (a tree may hold two copies of the package). */
const CREDENTIAL_ERRORS = new Set(['AuthenticationError', 'AuthenticationRequiredError', 'CredentialUnavailableError', 'AggregateAuthenticationError']);

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms` of a response, in milliseconds. */
export function retryAfterMsOf(e: RestErrorLike): number | undefined {
  const headers = e.response?.headers;
  const ms = headers?.get('retry-after-ms') ?? headers?.get('x-ms-retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Number(ms);
  const after = headers?.get('retry-after');
  if (after === undefined) return undefined;
  if (/^\d+$/.test(after.trim())) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The problems of a 400 CloudError: each `details[]` entry with its `target` path (the emulator's and our validator's paths). */
function problemsOf(e: RestErrorLike): ValidationProblem[] {
  const body = e.details as { error?: { target?: string; message?: string; details?: Array<{ target?: string; message?: string }> } } | undefined;
  const details = body?.error?.details ?? [];
  const problems = details.map((d) => ({ path: d.target ?? '', message: d.message ?? '' })).filter((p) => p.message !== '');
  return problems.length > 0 ? problems : [{ path: body?.error?.target ?? '', message: `${e.code ?? 'BadRequest'}: ${e.message ?? 'the service refused the definition'}` }];
}

/**
 * What a core error keeps as its `cause`: the SDK error's name, message, code and status, as a plain
 * `Error`. Not the `RestError` itself: it holds the request (its `Authorization` header carries the bearer
 * token) and the response, which loggers and test runners walk and print.
 */
export function toSafeCause(e: RestErrorLike): Error {
  const cause = new Error(e.message ?? String(e));
  cause.name = e.name ?? 'Error';
  if (e.code !== undefined) Object.assign(cause, { code: e.code });
  if (e.statusCode !== undefined) Object.assign(cause, { statusCode: e.statusCode });
  return cause;
}

/** A core error for what the SDK (or its credential) threw; core errors and aborts pass through unchanged. */
export function toHookError(e: unknown, target: ErrorTarget = {}): unknown {
  if (e instanceof ContainerHookError || isAbortError(e)) return e;
  if (typeof e !== 'object' || e === null) return e;
  const err = e as RestErrorLike;
  const where = target.name ? `container group "${target.name}" in resource group "${target.resourceGroup}"` : target.resourceGroup ? `resource group "${target.resourceGroup}"` : 'Azure Container Instances';
  const service = err.code ? `${err.code}: ${err.message}` : (err.message ?? String(e));
  const details = { ...(err.code ? { serviceCode: err.code } : {}), ...(err.statusCode ? { statusCode: err.statusCode } : {}) };
  const cause = toSafeCause(err);

  if (err.name && CREDENTIAL_ERRORS.has(err.name)) {
    return new AuthenticationError(`could not get an Azure token for ${where}: ${err.message}; check the connection's client id, secret, tenant and authority`, { cause, details });
  }
  switch (err.statusCode) {
    case 404:
      if (err.code === 'ResourceGroupNotFound') return new ResourceGroupNotFoundError(target.resourceGroup ?? '?', { cause, details });
      if (target.name) return new ContainerGroupNotFoundError(target.resourceGroup ?? '?', target.name, { cause, details });
      break;
    case 401:
    case 403:
      return new AuthenticationError(`Azure refused the request for ${where} (${err.statusCode} ${service}); check the credential and its role assignments`, { cause, details });
    case 429: {
      const retryAfterMs = retryAfterMsOf(err);
      return new ThrottledError(`Azure throttled the request for ${where} (${service})${retryAfterMs !== undefined ? `; retry after ${retryAfterMs} ms` : ''}`, { cause, details, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    case 400:
      if (target.name) return new InvalidContainerGroupError(target.name, problemsOf(err), { cause, details });
      break;
    default:
      break;
  }
  if ((err.statusCode !== undefined && err.statusCode >= 500) || (err.statusCode === undefined && ((err.code !== undefined && UNREACHABLE.has(err.code)) || err.name === 'RestError'))) {
    return new BackendUnavailableError(`Azure Container Instances could not serve the request for ${where}${target.endpoint ? ` at ${target.endpoint}` : ''}: ${service}`, { cause, details });
  }
  return e;
}
