import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCertificates } from './certificates.js';
import type { EmulatorCertificates } from './certificates.js';
import { loadOrCreateIdentity } from './identity.js';
import type { EmulatorIdentity } from './identity.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { TokenService } from './token-service.js';

let stateDir: string;
let identity: EmulatorIdentity;
let certificates: EmulatorCertificates;
let tokens: TokenService;
let app: FastifyInstance;
let origin: string;
let agent: https.Agent;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'aci-emulator-identity-routes-'));
  identity = await loadOrCreateIdentity(stateDir);
  certificates = await loadOrCreateCertificates(stateDir);
  tokens = await TokenService.create(stateDir, identity, certificates);

  // The same parsing and routing options as the emulator's server.
  app = Fastify({ https: { key: certificates.privateKeyPem, cert: certificates.certificatePem }, routerOptions: { caseSensitive: false } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  registerIdentityRoutes(app, { tokens, identity, origin: () => origin });
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // Trust the emulator's CA for these clients only.
  agent = new https.Agent({ ca: certificates.caCertificatePem });
});

afterAll(async () => {
  await app?.close();
  agent?.destroy();
  await rm(stateDir, { recursive: true, force: true });
});

const scope = () => `${origin}/.default`;
const credentialOptions = () => ({ authorityHost: origin, disableInstanceDiscovery: true, agent });

async function expectValidToken(credential: TokenCredential): Promise<void> {
  const token = await credential.getToken(scope());
  expect(token?.tokenType).toBe('Bearer');
  expect(token!.expiresOnTimestamp).toBeGreaterThan(Date.now() + 300_000);
  const claims = await tokens.verifyAccessToken(token!.token, [`${origin}/`]);
  expect(claims).toMatchObject({ aud: origin, tid: identity.tenantId, appid: identity.clientId });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One HTTPS request to the emulator, trusting its CA. */
function call(method: string, urlPath: string, options: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${origin}${urlPath}`,
      {
        method,
        agent,
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), ...options.headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describe('identity routes with @azure/identity credentials', () => {
  it('ClientSecretCredential gets a token', async () => {
    await expectValidToken(new ClientSecretCredential(identity.tenantId, identity.clientId, identity.clientSecret, credentialOptions()));
  });

  it('ClientCertificateCredential gets a token with the client certificate', async () => {
    await expectValidToken(new ClientCertificateCredential(identity.tenantId, identity.clientId, { certificatePath: certificates.clientCertificatePath }, credentialOptions()));
  });

  it('ClientAssertionCredential gets a token with a federated token', async () => {
    await expectValidToken(new ClientAssertionCredential(identity.tenantId, identity.clientId, () => tokens.issueFederatedToken(), credentialOptions()));
  });

  it('WorkloadIdentityCredential gets a token with a federated token file', async () => {
    const tokenFilePath = path.join(stateDir, 'federated-token');
    await writeFile(tokenFilePath, await tokens.issueFederatedToken({ subject: 'system:serviceaccount:default:workload' }));
    await expectValidToken(new WorkloadIdentityCredential({ tenantId: identity.tenantId, clientId: identity.clientId, tokenFilePath, ...credentialOptions() }));
  });

  it('ManagedIdentityCredential gets a token from IDENTITY_ENDPOINT', async () => {
    const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `${origin}/msi/token`;
    process.env.IDENTITY_HEADER = identity.managedIdentityHeader;
    try {
      // It reads the variables when constructed (and MSAL keeps the source for the process).
      const credential = new ManagedIdentityCredential({ clientId: identity.clientId, agent, retryOptions: { maxRetries: 0 } });
      await expectValidToken(credential);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('ClientSecretCredential with a wrong secret fails with AADSTS7000215 and shows no secret', async () => {
    const wrongSecret = `${identity.clientSecret.slice(0, -4)}XXXX`;
    const error = await new ClientSecretCredential(identity.tenantId, identity.clientId, wrongSecret, credentialOptions()).getToken(scope()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // @azure/identity wraps every MSAL server error (Entra's too) in an AuthenticationRequiredError.
    expect(error?.name).toBe('AuthenticationRequiredError');
    expect(error?.message).toContain('AADSTS7000215');
    expect(error?.message).not.toContain(wrongSecret);
    expect(error?.message).not.toContain(identity.clientSecret);
  });

  it('ClientSecretCredential for an unknown application fails with AADSTS700016', async () => {
    const error = await new ClientSecretCredential(identity.tenantId, '00000000-0000-0000-0000-000000000001', identity.clientSecret, credentialOptions())
      .getToken(scope())
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.name).toBe('AuthenticationRequiredError');
    expect(error?.message).toContain('AADSTS700016');
  });
});

describe('identity routes over HTTPS', () => {
  const tokenPath = () => `/${identity.tenantId}/oauth2/v2.0/token`;
  const form = (fields: Record<string, string> = {}) => ({ grant_type: 'client_credentials', client_id: identity.clientId, client_secret: identity.clientSecret, scope: scope(), ...fields });

  it('serves an OpenID configuration and keys for the tenant, case-insensitively', async () => {
    const { status, body } = await call('GET', `/${identity.tenantId.toUpperCase()}/V2.0/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: `${origin}/${identity.tenantId}/v2.0`,
      token_endpoint: `${origin}/${identity.tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${origin}/${identity.tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${origin}/${identity.tenantId}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_post', 'private_key_jwt']),
      cloud_instance_name: 'microsoftonline.com',
      tenant_region_scope: null,
    });
    const keys = await call('GET', `/${identity.tenantId}/discovery/v2.0/keys`);
    expect(keys.body).toEqual(tokens.jwks());
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const discovery = await call('GET', '/other-tenant/v2.0/.well-known/openid-configuration');
    expect(discovery.status).toBe(400);
    expect(discovery.body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    const token = await call('POST', '/other-tenant/oauth2/v2.0/token', { form: form() });
    expect(token.status).toBe(400);
    expect(token.body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(token.body.error_description).toMatch(/^AADSTS90002: Tenant 'other-tenant' not found\./);
  });

  it('answers a token request in Entra shape, echoing the client-request-id', async () => {
    const { status, headers, body } = await call('POST', tokenPath(), { form: form(), headers: { 'client-request-id': 'abc-123' } });
    expect(status).toBe(200);
    expect(headers['client-request-id']).toBe('abc-123');
    expect(headers['cache-control']).toContain('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    expect(body.expires_in).toBeGreaterThan(3500);
    expect(body.ext_expires_in).toBe(body.expires_in);
  });

  it('refuses a wrong secret with 401 invalid_client and no secret in the answer', async () => {
    const wrongSecret = 'not-the-secret-value-1234567890';
    const { status, body } = await call('POST', tokenPath(), { form: form({ client_secret: wrongSecret }), headers: { 'client-request-id': 'corr-1' } });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215], correlation_id: 'corr-1', trace_id: expect.any(String), timestamp: expect.any(String) });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(JSON.stringify(body)).not.toContain(wrongSecret);
    expect(JSON.stringify(body)).not.toContain(identity.clientSecret);
  });

  it('refuses malformed requests as Entra does', async () => {
    const cases: [Record<string, string>, number, string, number][] = [
      [{ grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
      [{ scope: '' }, 400, 'invalid_request', 900144],
      [{ scope: `${origin}/user.read` }, 400, 'invalid_scope', 1002012],
      [{ client_id: 'nobody' }, 400, 'unauthorized_client', 700016],
      [{ client_secret: '', client_assertion: 'garbage', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }, 400, 'invalid_request', 50027],
    ];
    for (const [fields, status, error, code] of cases) {
      const body = Object.fromEntries(Object.entries(form(fields)).filter(([, value]) => value !== ''));
      const answer = await call('POST', tokenPath(), { form: body });
      expect({ fields, status: answer.status, error: answer.body.error, codes: answer.body.error_codes }).toEqual({ fields, status, error, codes: [code] });
    }
    const noCredential = await call('POST', tokenPath(), { form: { grant_type: 'client_credentials', client_id: identity.clientId, scope: scope() } });
    expect(noCredential.status).toBe(401);
    expect(noCredential.body.error_codes).toEqual([7000216]);
  });

  it('serves the ADFS authority the Azure CLI uses, with secrets in the form or as Basic credentials', async () => {
    const discovery = await call('GET', '/adfs/.well-known/openid-configuration');
    expect(discovery.body).toMatchObject({ issuer: `${origin}/adfs`, token_endpoint: `${origin}/adfs/oauth2/token`, jwks_uri: `${origin}/adfs/discovery/keys` });
    expect((await call('GET', '/adfs/discovery/keys')).body).toEqual(tokens.jwks());

    const posted = await call('POST', '/adfs/oauth2/token', { form: form({ scope: `${origin}/.default offline_access openid profile` }) });
    expect(posted.status).toBe(200);
    const claims = await tokens.verifyAccessToken(posted.body.access_token as string, [origin]);
    expect(claims.iss).toBe(`${origin}/adfs`);

    const basic = Buffer.from(`${identity.clientId}:${encodeURIComponent(identity.clientSecret)}`).toString('base64');
    const viaBasic = await call('POST', '/adfs/oauth2/token', { form: { grant_type: 'client_credentials', scope: scope() }, headers: { authorization: `Basic ${basic}` } });
    expect(viaBasic.status).toBe(200);
  });

  it('serves managed-identity tokens only with the right X-IDENTITY-HEADER', async () => {
    const query = `/msi/token?api-version=2019-08-01&resource=${encodeURIComponent('https://management.azure.com/')}`;
    const missing = await call('GET', query);
    expect(missing.status).toBe(400);
    const wrong = await call('GET', query, { headers: { 'x-identity-header': 'wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, message: expect.stringContaining('X-IDENTITY-HEADER') });
    expect(JSON.stringify(wrong.body)).not.toContain(identity.managedIdentityHeader);

    const good = await call('GET', query, { headers: { 'X-IDENTITY-HEADER': identity.managedIdentityHeader } });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ resource: 'https://management.azure.com/', token_type: 'Bearer', client_id: identity.clientId, expires_on: expect.stringMatching(/^\d+$/) });
    await expect(tokens.verifyAccessToken(good.body.access_token as string, ['https://management.azure.com'])).resolves.toBeDefined();

    const otherClient = await call('GET', `${query}&client_id=00000000-0000-0000-0000-000000000002`, { headers: { 'x-identity-header': identity.managedIdentityHeader } });
    expect(otherClient.status).toBe(400);
    const oldApi = await call('GET', query.replace('2019-08-01', '2017-09-01'), { headers: { 'x-identity-header': identity.managedIdentityHeader } });
    expect(oldApi.status).toBe(400);
  });
});
