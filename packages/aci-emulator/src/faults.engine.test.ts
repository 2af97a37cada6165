/**
 * Fault injection as a client sees it, over raw HTTPS and through the official SDK: `PUT/GET/DELETE
 * /admin/faults` behind a bearer token, the wire form of each fault (429 + Retry-After, 500/503, a dropped
 * connection, latency, a slow operation, a failing token endpoint), and the environment variable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armToken, rawRequest, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { FAULTS_ENV } from './faults.js';

let t: TestEmulator;
let token: string;
let groupPath: string;

beforeAll(async () => {
  t = await startTestEmulator({ faultSeed: 3 });
  token = await armToken(t);
  groupPath = `/subscriptions/${t.emulator.identity.subscriptionId}/resourceGroups/rg-faults/providers/Microsoft.ContainerInstance/containerGroups/missing?api-version=2023-05-01`;
});

afterAll(async () => {
  await t?.stop();
  if (t) expect(await t.leftovers()).toEqual([]);
});

const putFaults = (body: unknown) => rawRequest(t, 'PUT', '/admin/faults', { token, body });

describe('/admin/faults', () => {
  it('needs a bearer token the emulator issued', async () => {
    expect((await rawRequest(t, 'GET', '/admin/faults')).status).toBe(401);
    expect((await rawRequest(t, 'PUT', '/admin/faults', { body: [{ kind: 'reset' }] })).status).toBe(401);
    expect((await rawRequest(t, 'GET', '/admin/faults', { token: 'not.a.token' })).status).toBe(401);
  });

  it('PUT sets rules, GET shows them with counters, DELETE clears; bad rules are a 400', async () => {
    const put = await putFaults({ rules: [{ kind: 'throttle', route: 'GET .*/containerGroups/missing$', sequence: [true] }], seed: 9 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ seed: 9, rules: [{ rule: { kind: 'throttle', route: 'GET .*/containerGroups/missing$', sequence: [true] }, matched: 0, injected: 0 }] });
    const throttled = await rawRequest(t, 'GET', groupPath, { token });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.headers['x-ms-request-id']).toMatch(/\S/);
    expect(throttled.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect((await rawRequest(t, 'GET', groupPath, { token })).status).toBe(404);
    expect((await rawRequest(t, 'GET', '/admin/faults', { token })).body).toMatchObject({ rules: [{ matched: 2, injected: 1 }] });
    expect((await rawRequest(t, 'DELETE', '/admin/faults', { token })).status).toBe(204);
    expect((await rawRequest(t, 'GET', '/admin/faults', { token })).body).toEqual({ seed: 1, rules: [] });
    const bad = await putFaults([{ kind: 'explode' }]);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'InvalidFaultRules' } });
  });
});

describe('the faults on the wire', () => {
  it('error: 500 InternalServerError, 503 ServiceUnavailable with Retry-After', async () => {
    await putFaults([{ kind: 'error', sequence: [true] }, { kind: 'error', status: 503, sequence: [true] }]); // the first request is answered by rule 0: rule 1 never sees it
    const a = await rawRequest(t, 'GET', groupPath, { token });
    const b = await rawRequest(t, 'GET', groupPath, { token });
    expect([a.status, a.body, a.headers['retry-after']]).toEqual([500, expect.objectContaining({ error: expect.objectContaining({ code: 'InternalServerError' }) }), undefined]);
    expect([b.status, b.body, b.headers['retry-after']]).toEqual([503, expect.objectContaining({ error: expect.objectContaining({ code: 'ServiceUnavailable' }) }), '1']);
    t.emulator.faults.clear();
  });

  it('reset: the connection closes without an answer; the next request is served', async () => {
    t.emulator.faults.set([{ kind: 'reset', times: 1 }]);
    const e = await rawRequest(t, 'GET', groupPath, { token }).then(
      () => undefined,
      (error: unknown) => error as NodeJS.ErrnoException,
    );
    expect(e?.code).toBe('ECONNRESET');
    expect((await rawRequest(t, 'GET', groupPath, { token })).status).toBe(404);
  });

  it('latency: the answer comes delayInMs later', async () => {
    t.emulator.faults.set([{ kind: 'latency', delayInMs: 300, times: 1 }]);
    const started = Date.now();
    expect((await rawRequest(t, 'GET', groupPath, { token })).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("tokenFailure: the token endpoint answers 503 with Entra's temporarily_unavailable", async () => {
    t.emulator.faults.set([{ kind: 'tokenFailure', retryAfterInSeconds: 2 }]);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: t.emulator.identity.clientId, client_secret: t.emulator.identity.clientSecret, scope: `${t.emulator.url}/.default` });
    const res = await rawRequest(t, 'POST', `/${t.emulator.identity.tenantId}/oauth2/v2.0/token`, { form });
    t.emulator.faults.clear();
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [expect.any(Number)] });
    expect((await rawRequest(t, 'POST', `/${t.emulator.identity.tenantId}/oauth2/v2.0/token`, { form })).status).toBe(200);
  });

  it('slowOperation: the operation of a PUT shows Creating for delayInMs past its end, then its result', async () => {
    t.emulator.faults.set([{ kind: 'slowOperation', delayInMs: 1500 }]);
    const body = { location: 'eastus', properties: { osType: 'Linux', restartPolicy: 'Never', containers: [{ name: 'main', properties: { image: 'container-hook/busybox:local', command: ['true'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } } }] } };
    const path = groupPath.replace('/missing?', '/slow?');
    const put = await rawRequest(t, 'PUT', path, { token, body });
    t.emulator.faults.clear();
    expect(put.status).toBe(201);
    const operation = new URL(String(put.headers['azure-asyncoperation']));
    const started = Date.now();
    const seen: string[] = [];
    for (;;) {
      const status = ((await rawRequest(t, 'GET', operation.pathname + operation.search, { token })).body as { status: string }).status;
      if (seen.at(-1) !== status) seen.push(status);
      if (status !== 'Creating' && status !== 'Pending') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.at(-1)).toBe('Succeeded');
    expect(seen).toContain('Creating');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    // The group itself is not held back: only the operation's status is.
    expect(((await rawRequest(t, 'GET', path, { token })).body as { properties: { provisioningState: string } }).properties.provisioningState).toBe('Succeeded');
    expect((await rawRequest(t, 'DELETE', path, { token })).status).toBeLessThan(300);
  });
});

it(`${FAULTS_ENV}: an emulator started with it injects its faults`, async () => {
  const previous = process.env[FAULTS_ENV];
  process.env[FAULTS_ENV] = JSON.stringify({ rules: [{ kind: 'throttle', retryAfterInSeconds: 4, times: 1 }], seed: 2 });
  let other: TestEmulator | undefined;
  try {
    other = await startTestEmulator();
  } finally {
    if (previous === undefined) delete process.env[FAULTS_ENV];
    else process.env[FAULTS_ENV] = previous;
  }
  try {
    expect(other.emulator.faults.describe()).toMatchObject({ seed: 2, rules: [{ rule: { kind: 'throttle' } }] });
    const otherToken = await armToken(other);
    const res = await rawRequest(other, 'GET', groupPath, { token: otherToken });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('4');
  } finally {
    await other.stop();
  }
});
