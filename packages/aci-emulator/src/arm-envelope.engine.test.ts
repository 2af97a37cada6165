/**
 * The ARM envelope the emulator puts around every answer, over raw HTTPS: nothing is served without a
 * bearer token it issued, for an accepted audience, unexpired; errors are CloudErrors; every response
 * carries the request-id headers and ARM's content type; paths match case-insensitively.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armToken, rawRequest, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';

let t: TestEmulator;
let token: string;
let groupsPath: string;

beforeAll(async () => {
  t = await startTestEmulator();
  token = await armToken(t);
  groupsPath = `/subscriptions/${t.emulator.identity.subscriptionId}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01`;
});

afterAll(async () => {
  await t?.stop();
});

function expectEnvelope(headers: Record<string, string | string[] | undefined>): void {
  expect(headers['x-ms-request-id']).toMatch(/\S/);
  expect(headers['x-ms-correlation-request-id']).toMatch(/\S/);
}

describe('authentication of ARM requests', () => {
  it('serves a request with a token it issued', async () => {
    const res = await rawRequest(t, 'GET', groupsPath, { token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expectEnvelope(res.headers);
    expect(res.body).toEqual({ value: [] });
  });

  it('refuses a request without a token: 401 CloudError', async () => {
    const res = await rawRequest(t, 'GET', groupsPath);
    expect(res.status).toBe(401);
    expectEnvelope(res.headers);
    expect(res.body).toMatchObject({ error: { code: expect.stringMatching(/^(AuthenticationFailed|InvalidAuthenticationToken)$/), message: expect.any(String) } });
  });

  it('refuses an unauthenticated request whose path is percent-encoded (as the router decodes it)', async () => {
    for (const encoded of [groupsPath.replace('/subscriptions/', '/%73ubscriptions/'), groupsPath.replace('/subscriptions/', '/%53UBSCRIPTIONS/')]) {
      const res = await rawRequest(t, 'GET', encoded);
      expect(res.status, encoded).toBe(401);
    }
  });

  it('refuses a token for another audience', async () => {
    const other = await t.emulator.tokens.issueAccessToken({ audience: 'https://vault.azure.net', clientId: t.emulator.identity.clientId, tenantId: t.emulator.identity.tenantId });
    const res = await rawRequest(t, 'GET', groupsPath, { token: other.accessToken });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('accepts the audience the Python SDK and the Azure CLI ask for (https://management.azure.com/)', async () => {
    const arm = await t.emulator.tokens.issueAccessToken({ audience: 'https://management.azure.com/', clientId: t.emulator.identity.clientId, tenantId: t.emulator.identity.tenantId });
    expect((await rawRequest(t, 'GET', groupsPath, { token: arm.accessToken })).status).toBe(200);
  });

  it('refuses an expired token', async () => {
    const short = await t.emulator.tokens.issueAccessToken({ audience: t.emulator.url, clientId: t.emulator.identity.clientId, tenantId: t.emulator.identity.tenantId, lifetimeInSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const res = await rawRequest(t, 'GET', groupsPath, { token: short.accessToken });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'ExpiredAuthenticationToken', message: expect.stringMatching(/expiry UTC time/) } });
  });

  it('refuses a token with a forged signature', async () => {
    const [header, payload] = token.split('.');
    const res = await rawRequest(t, 'GET', groupsPath, { token: `${header}.${payload}.${Buffer.from('forged').toString('base64url')}` });
    expect(res.status).toBe(401);
  });

  it('refuses a token made by another emulator (another signing key)', async () => {
    const other = await startTestEmulator();
    try {
      const foreign = await armToken(other);
      expect((await rawRequest(t, 'GET', groupsPath, { token: foreign })).status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('refuses a wrong client secret at the token endpoint, without echoing it', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: t.emulator.identity.clientId, client_secret: 'wrong-secret-value', scope: `${t.emulator.url}/.default` });
    const wrong = await rawRequest(t, 'POST', `/${t.emulator.identity.tenantId}/oauth2/v2.0/token`, { form });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client' });
    expect(wrong.text).not.toContain('wrong-secret-value');
  });
});

describe('routing and errors', () => {
  it('matches paths case-insensitively', async () => {
    const res = await rawRequest(t, 'GET', groupsPath.replace('/providers/Microsoft.ContainerInstance/containerGroups', '/PROVIDERS/microsoft.containerinstance/CONTAINERGROUPS'), { token });
    expect(res.status).toBe(200);
  });

  it('answers a missing group with ARM\'s ResourceNotFound and a missing resource group in strict mode with ResourceGroupNotFound', async () => {
    const sub = t.emulator.identity.subscriptionId;
    const res = await rawRequest(t, 'GET', `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.ContainerInstance/containerGroups/nope?api-version=2023-05-01`, { token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'ResourceNotFound', message: expect.stringContaining("'Microsoft.ContainerInstance/containerGroups/nope'") } });
    const strict = await startTestEmulator({ strictResourceGroups: true });
    try {
      const strictToken = await armToken(strict);
      const missing = await rawRequest(strict, 'GET', `/subscriptions/${sub}/resourceGroups/nowhere/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01`, { token: strictToken });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: { code: 'ResourceGroupNotFound' } });
    } finally {
      await strict.stop();
    }
  });

  it('answers an unknown route with a 404 CloudError, never a crash', async () => {
    const res = await rawRequest(t, 'GET', `/subscriptions/${t.emulator.identity.subscriptionId}/providers/Microsoft.Compute/virtualMachines?api-version=2023-01-01`, { token });
    expect(res.status).toBe(404);
    expectEnvelope(res.headers);
    expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('answers bad JSON and a missing api-version with 400 CloudErrors', async () => {
    const sub = t.emulator.identity.subscriptionId;
    const url = `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.ContainerInstance/containerGroups/x`;
    const bad = await rawRequest(t, 'PUT', `${url}?api-version=2023-05-01`, { token, headers: { 'Content-Type': 'application/json' }, body: undefined });
    expect(bad.status).toBe(400);
    const noVersion = await rawRequest(t, 'GET', url, { token });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });

  it('manages resource groups: PUT 201 then 200, HEAD, GET, list, DELETE', async () => {
    const sub = t.emulator.identity.subscriptionId;
    const rgUrl = `/subscriptions/${sub}/resourcegroups/Team-RG?api-version=2021-04-01`;
    expect((await rawRequest(t, 'PUT', rgUrl, { token, body: { location: 'westeurope' } })).status).toBe(201);
    expect((await rawRequest(t, 'PUT', rgUrl, { token, body: { location: 'westeurope', tags: { a: 'b' } } })).status).toBe(200);
    expect((await rawRequest(t, 'HEAD', rgUrl, { token })).status).toBe(204);
    expect((await rawRequest(t, 'GET', rgUrl.replace('Team-RG', 'team-rg'), { token })).body).toMatchObject({ name: 'Team-RG', location: 'westeurope', tags: { a: 'b' } });
    const list = await rawRequest(t, 'GET', `/subscriptions/${sub}/resourcegroups?api-version=2021-04-01`, { token });
    expect((list.body as { value: Array<{ name: string }> }).value.map((r) => r.name)).toContain('Team-RG');
    expect((await rawRequest(t, 'DELETE', rgUrl, { token })).status).toBe(200);
    expect((await rawRequest(t, 'HEAD', rgUrl, { token })).status).toBe(404);
  });
});
