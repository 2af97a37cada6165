/**
 * toHookError: each mapping of errors.ts, on real error objects of the Azure SDK (`RestError` of
 * `@azure/core-rest-pipeline`, the credential errors of `@azure/identity`). The mappings the emulator can
 * produce for real (404s, 401, 400, a refused connection) are also checked end to end in errors.engine.test.ts;
 * throttling (429 with `Retry-After`) and 5xx are only here, because the emulator cannot inject faults yet —
 * the fault-injecting emulator comes with the reliability issue, and these cases move there with it.
 */
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { AggregateAuthenticationError, AuthenticationError as IdentityAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { AbortError, ContainerGroupNotFoundError, isContainerHookError, type ContainerHookError, type InvalidContainerGroupError, type ThrottledError } from '@container-hook/core';
import { describe, expect, it } from 'vitest';
import { retryAfterMsOf, toHookError } from './errors.js';

const URL_ = 'https://management.azure.com/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ContainerInstance/containerGroups/web?api-version=2023-05-01';

/** A RestError as core-client builds it for a status outside an operation's accepted list. */
function restError(statusCode: number, code: string | undefined, message: string, headers: Record<string, string> = {}, details?: unknown): RestError {
  const request = createPipelineRequest({ url: URL_ });
  const e = new RestError(message, { ...(code ? { code } : {}), statusCode, request, response: { status: statusCode, headers: createHttpHeaders(headers), request } });
  if (details !== undefined) e.details = details;
  return e;
}

const target = { resourceGroup: 'rg1', name: 'web', endpoint: 'https://management.azure.com' };

function mapped(e: unknown, t: Parameters<typeof toHookError>[1] = target): ContainerHookError {
  const out = toHookError(e, t);
  expect(isContainerHookError(out), `not a core error: ${String(out)}`).toBe(true);
  // The cause keeps what the SDK said (name, message, code, status), not the request with its bearer token.
  const cause = (out as Error).cause as Error & { code?: unknown; statusCode?: unknown; request?: unknown };
  expect(cause.name).toBe((e as Error).name);
  expect(cause.message).toBe((e as Error).message);
  expect(cause.code).toBe((e as { code?: unknown }).code);
  expect(cause.request).toBeUndefined();
  return out as ContainerHookError;
}

describe('toHookError: HTTP statuses', () => {
  it('404 ResourceNotFound of a group → ContainerGroupNotFound naming it', () => {
    const e = mapped(restError(404, 'ResourceNotFound', "The Resource 'Microsoft.ContainerInstance/containerGroups/web' under resource group 'rg1' was not found."));
    expect(e.code).toBe('ContainerGroupNotFound');
    expect(e.message).toContain('"web"');
    expect(e.message).toContain('"rg1"');
  });

  it('404 ResourceGroupNotFound → ResourceGroupNotFound, with or without a group name', () => {
    for (const t of [target, { resourceGroup: 'rg1' }]) {
      const e = mapped(restError(404, 'ResourceGroupNotFound', "Resource group 'rg1' could not be found."), t);
      expect(e.code).toBe('ResourceGroupNotFound');
      expect(e.message).toContain('rg1');
    }
  });

  it('a 404 that names no group and no resource group is left as it is', () => {
    const original = restError(404, 'NotFound', 'no such route');
    expect(toHookError(original, { resourceGroup: 'rg1' })).toBe(original);
  });

  it.each([401, 403])('%d → Authentication, keeping the service code', (status) => {
    const e = mapped(restError(status, status === 401 ? 'InvalidAuthenticationToken' : 'AuthorizationFailed', 'The access token is invalid.'));
    expect(e.code).toBe('Authentication');
    expect(e.message).toContain(String(status));
    expect(e.details).toMatchObject({ statusCode: status });
  });

  it.each([
    ['Retry-After in seconds', { 'retry-after': '7' }, 7000],
    ['retry-after-ms', { 'retry-after-ms': '250' }, 250],
    ['x-ms-retry-after-ms', { 'x-ms-retry-after-ms': '1500' }, 1500],
    ['retry-after-ms wins over Retry-After', { 'retry-after-ms': '100', 'retry-after': '9' }, 100],
    ['Retry-After: 0', { 'retry-after': '0' }, 0],
  ])('429 with %s → Throttled with retryAfterMs', (_name, headers, ms) => {
    const e = mapped(restError(429, 'TooManyRequests', 'The request is being throttled.', headers)) as ThrottledError;
    expect(e.code).toBe('Throttled');
    expect(e.retryAfterMs).toBe(ms);
    expect(e.message).toContain(`retry after ${ms} ms`);
  });

  it('429 with Retry-After as an HTTP date → the time left', () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const e = mapped(restError(429, 'TooManyRequests', 'throttled', { 'retry-after': at })) as ThrottledError;
    expect(e.retryAfterMs).toBeGreaterThan(25_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('429 without a retry header → Throttled without retryAfterMs; a date in the past → 0; garbage → none', () => {
    expect((mapped(restError(429, 'TooManyRequests', 'throttled')) as ThrottledError).retryAfterMs).toBeUndefined();
    expect(retryAfterMsOf(restError(429, undefined, 'x', { 'retry-after': new Date(Date.now() - 60_000).toUTCString() }))).toBe(0);
    expect(retryAfterMsOf(restError(429, undefined, 'x', { 'retry-after': 'soon' }))).toBeUndefined();
  });

  it('400 with CloudError details → InvalidContainerGroup with each problem path', () => {
    const body = {
      error: {
        code: 'InvalidContainerGroup',
        message: 'container group "web" is invalid',
        details: [
          { code: 'InvalidContainerGroup', target: 'containers[0].resources.requests.cpu', message: 'must be positive' },
          { code: 'InvalidContainerGroup', target: 'osType', message: 'is required' },
        ],
      },
    };
    const e = mapped(restError(400, 'InvalidContainerGroup', 'container group "web" is invalid', {}, body)) as InvalidContainerGroupError;
    expect(e.code).toBe('InvalidContainerGroup');
    expect(e.problems).toEqual([
      { path: 'containers[0].resources.requests.cpu', message: 'must be positive' },
      { path: 'osType', message: 'is required' },
    ]);
  });

  it('400 without details → one problem with the service code and message, at the error target', () => {
    const body = { error: { code: 'InvalidContainerGroupName', target: 'name', message: 'The container group name is invalid.' } };
    const e = mapped(restError(400, 'InvalidContainerGroupName', 'The container group name is invalid.', {}, body)) as InvalidContainerGroupError;
    expect(e.problems).toEqual([{ path: 'name', message: 'InvalidContainerGroupName: The container group name is invalid.' }]);
  });

  it('400 that names no group (a list) is left as it is', () => {
    const original = restError(400, 'BadRequest', 'bad');
    expect(toHookError(original, { resourceGroup: 'rg1' })).toBe(original);
  });

  it.each([500, 502, 503, 504])('%d → BackendUnavailable naming the endpoint', (status) => {
    const e = mapped(restError(status, 'InternalServerError', 'oops'));
    expect(e.code).toBe('BackendUnavailable');
    expect(e.message).toContain('https://management.azure.com');
    expect(e.message).toContain('"web"');
  });

  it('a status it does not map (409) is left as it is', () => {
    const original = restError(409, 'Conflict', 'ContainerGroupTransitioning');
    expect(toHookError(original, target)).toBe(original);
  });
});

describe('toHookError: network failures', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', RestError.REQUEST_SEND_ERROR])('a RestError %s without a status → BackendUnavailable', (code) => {
    const e = mapped(new RestError(`connect ${code} 127.0.0.1:1`, { code }));
    expect(e.code).toBe('BackendUnavailable');
  });

  it('a RestError with neither status nor known code (TLS: self-signed certificate) → BackendUnavailable', () => {
    expect(mapped(new RestError('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).code).toBe('BackendUnavailable');
  });

  it('a plain Node error with a network code → BackendUnavailable', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(mapped(e).code).toBe('BackendUnavailable');
  });
});

describe('toHookError: credential errors (@azure/identity, recognised by name)', () => {
  it.each([
    ['AuthenticationError', new IdentityAuthenticationError(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' })],
    ['CredentialUnavailableError', new CredentialUnavailableError('EnvironmentCredential is unavailable.')],
    ['AggregateAuthenticationError', new AggregateAuthenticationError([new CredentialUnavailableError('no')], 'ChainedTokenCredential authentication failed.')],
  ])('%s → Authentication', (_name, original) => {
    const e = mapped(original);
    expect(e.code).toBe('Authentication');
    expect(e.message).toContain('could not get an Azure token');
  });

  it('hides a secret a credential error happens to carry', () => {
    const e = mapped(new CredentialUnavailableError('request failed: client_secret=s3cr3t-value&grant_type=client_credentials'));
    expect(e.message).not.toContain('s3cr3t-value');
    expect(JSON.stringify(e)).not.toContain('s3cr3t-value');
  });
});

describe('toHookError: what passes through', () => {
  it('core errors, aborts and non-objects are returned unchanged', () => {
    const core = new ContainerGroupNotFoundError('rg1', 'web');
    const abort = new AbortError();
    const domAbort = new DOMException('aborted', 'AbortError');
    for (const e of [core, abort, domAbort, 'text', 42, null, undefined]) expect(toHookError(e, target)).toBe(e);
  });

  it('an unrelated error is returned unchanged', () => {
    const e = new TypeError('x is not a function');
    expect(toHookError(e, target)).toBe(e);
  });

  it('names the subscription-wide list as "Azure Container Instances"', () => {
    expect(mapped(restError(401, 'InvalidAuthenticationToken', 'bad token'), {}).message).toContain('Azure Container Instances');
  });
});
