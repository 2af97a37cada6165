import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from './authenticate.js';
import { loadOrCreateCertificates } from './certificates.js';
import type { EmulatorCertificates } from './certificates.js';
import { loadOrCreateIdentity } from './identity.js';
import type { EmulatorIdentity } from './identity.js';
import { TokenService } from './token-service.js';

const ORIGIN = 'https://127.0.0.1:8443';
const TOKEN_ENDPOINT = `${ORIGIN}/tenant/oauth2/v2.0/token`;

let stateDir: string;
let identity: EmulatorIdentity;
let certificates: EmulatorCertificates;
let tokens: TokenService;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'aci-emulator-tokens-'));
  identity = await loadOrCreateIdentity(stateDir);
  certificates = await loadOrCreateCertificates(stateDir);
  tokens = await TokenService.create(stateDir, identity, certificates);
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

function issue(audience = ORIGIN) {
  return tokens.issueAccessToken({ audience, clientId: identity.clientId, tenantId: identity.tenantId, issuer: `${ORIGIN}/${identity.tenantId}/v2.0` });
}

/** A client assertion signed with the client certificate's key, as MSAL's ClientCertificateCredential makes it. */
async function certificateAssertion(options: { audience?: string; issuer?: string; key?: Parameters<SignJWT['sign']>[0]; header?: Record<string, string> } = {}) {
  const pem = await readFile(certificates.clientCertificatePath, 'utf8');
  const der = new X509Certificate(pem).raw;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: 'x' })
    .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url'), ...options.header })
    .setAudience(options.audience ?? TOKEN_ENDPOINT)
    .setIssuer(options.issuer ?? identity.clientId)
    .setSubject(options.issuer ?? identity.clientId)
    .setNotBefore(now)
    .setExpirationTime(now + 600)
    .sign(options.key ?? createPrivateKey(pem));
}

describe('TokenService access tokens', () => {
  it('issues an RS256 token with Entra claims that it verifies', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { accessToken, expiresOn } = await issue();
    expect(expiresOn - before).toBeGreaterThanOrEqual(3599);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'RS256', typ: 'JWT', kid: tokens.keyId });

    const claims = await tokens.verifyAccessToken(accessToken, [ORIGIN]);
    expect(claims).toMatchObject({
      aud: ORIGIN,
      iss: `${ORIGIN}/${identity.tenantId}/v2.0`,
      tid: identity.tenantId,
      appid: identity.clientId,
      azp: identity.clientId,
      idtyp: 'app',
      ver: '2.0',
      exp: expiresOn,
    });
    expect(claims.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.sub).toBe(claims.oid);
    expect(claims.nbf).toBeLessThanOrEqual(claims.iat);
  });

  it('publishes the signing key as a JWKS that verifies its tokens', async () => {
    const { accessToken } = await issue();
    const jwks = tokens.jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: tokens.keyId, use: 'sig', alg: 'RS256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    await expect(jwtVerify(accessToken, createLocalJWKSet(jwks))).resolves.toBeDefined();
  });

  it('accepts audiences with or without a trailing slash', async () => {
    const { accessToken } = await issue('https://management.azure.com');
    await expect(tokens.verifyAccessToken(accessToken, ['https://management.azure.com/'])).resolves.toBeDefined();
    const { accessToken: slashed } = await issue(`${ORIGIN}/`);
    await expect(tokens.verifyAccessToken(slashed, [ORIGIN])).resolves.toBeDefined();
  });

  it('refuses a token for another audience with a 401 InvalidAuthenticationToken', async () => {
    const { accessToken } = await issue('https://graph.microsoft.com');
    await expect(tokens.verifyAccessToken(accessToken, [ORIGIN, 'https://management.azure.com/'])).rejects.toMatchObject({
      name: 'CloudError',
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
      message: expect.stringContaining("invalid audience: it was obtained for 'https://graph.microsoft.com'"),
    });
  });

  it('refuses an expired token', async () => {
    const { accessToken } = await issue();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    await expect(tokens.verifyAccessToken(accessToken, [ORIGIN])).rejects.toMatchObject({
      statusCode: 401,
      code: 'ExpiredAuthenticationToken',
      message: expect.stringMatching(/^The access token expiry UTC time '.+' is earlier than current UTC time '.+'\.$/),
    });
  });

  it('refuses a tampered token, a token of another key and garbage', async () => {
    const { accessToken } = await issue();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = { ...decodeJwt(accessToken), aud: 'https://other.example' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const flipped = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreign = await new SignJWT(decodeJwt(accessToken)).setProtectedHeader({ alg: 'RS256', kid: tokens.keyId }).sign(otherKey);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;

    for (const token of [forged, flipped, foreign, unsigned, 'not-a-jwt']) {
      await expect(tokens.verifyAccessToken(token, ['https://other.example', ORIGIN])).rejects.toMatchObject({
        statusCode: 401,
        code: 'InvalidAuthenticationToken',
        message: 'The access token is invalid.',
      });
    }
  });

  it('keeps its signing key across restarts', async () => {
    const { accessToken } = await issue();
    const again = await TokenService.create(stateDir, identity, certificates);
    expect(again.keyId).toBe(tokens.keyId);
    await expect(again.verifyAccessToken(accessToken, [ORIGIN])).resolves.toBeDefined();
  });

  it('refuses a lifetime that is not positive', async () => {
    await expect(tokens.issueAccessToken({ audience: ORIGIN, clientId: 'c', tenantId: 't', lifetimeInSeconds: 0 })).rejects.toThrow(RangeError);
  });
});

describe('TokenService client assertions', () => {
  const options = () => ({ clientId: identity.clientId, tokenEndpoints: [TOKEN_ENDPOINT] });

  it('accepts a federated token it signed', async () => {
    const federated = await tokens.issueFederatedToken({ subject: 'system:serviceaccount:ns:sa' });
    expect(decodeJwt(federated)).toMatchObject({ aud: 'api://AzureADTokenExchange', sub: 'system:serviceaccount:ns:sa' });
    await expect(tokens.verifyClientAssertion(federated, options())).resolves.toBe('federated');
  });

  it('refuses an expired federated token, and an access token for another audience', async () => {
    const federated = await tokens.issueFederatedToken({ lifetimeInSeconds: 60 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000 + 301_000); // past its expiry and Entra's 5 minutes of allowed skew
    await expect(tokens.verifyClientAssertion(federated, options())).rejects.toMatchObject({ name: 'ClientAssertionError', aadstsCode: 700024, statusCode: 401 });
    vi.useRealTimers();

    const { accessToken } = await issue();
    await expect(tokens.verifyClientAssertion(accessToken, options())).rejects.toMatchObject({ aadstsCode: 700212 });
  });

  it('accepts a JWT signed with the client certificate for the token endpoint', async () => {
    await expect(tokens.verifyClientAssertion(await certificateAssertion(), options())).resolves.toBe('certificate');
    await expect(tokens.verifyClientAssertion(await certificateAssertion({ audience: `${TOKEN_ENDPOINT}/` }), options())).resolves.toBe('certificate');
  });

  it('refuses a certificate assertion signed by another key, for another client or audience, or naming no certificate', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expect(tokens.verifyClientAssertion(await certificateAssertion({ key: otherKey }), options())).rejects.toMatchObject({ aadstsCode: 700027 });
    await expect(tokens.verifyClientAssertion(await certificateAssertion({ header: { 'x5t#S256': 'AAAA' } }), options())).rejects.toMatchObject({ aadstsCode: 700027 });
    await expect(tokens.verifyClientAssertion(await certificateAssertion({ issuer: 'someone-else' }), options())).rejects.toMatchObject({ aadstsCode: 700021 });
    await expect(tokens.verifyClientAssertion(await certificateAssertion({ audience: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' }), options())).rejects.toMatchObject({ aadstsCode: 700021 });

    const noThumbprint = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setAudience(TOKEN_ENDPOINT).setIssuer(identity.clientId).setSubject(identity.clientId).setExpirationTime('10m').sign(otherKey);
    await expect(tokens.verifyClientAssertion(noThumbprint, options())).rejects.toMatchObject({ aadstsCode: 700027 });
    await expect(tokens.verifyClientAssertion('garbage', options())).rejects.toMatchObject({ aadstsCode: 50027, statusCode: 400, oauthError: 'invalid_request' });
  });
});

describe('authenticate', () => {
  const deps = () => ({ tokens, acceptedAudiences: [ORIGIN, 'https://management.azure.com/', 'https://management.core.windows.net/'] });

  it('accepts a bearer token for an accepted audience', async () => {
    const { accessToken } = await issue('https://management.core.windows.net/');
    await expect(authenticate(`Bearer ${accessToken}`, deps())).resolves.toBeUndefined();
  });

  it("answers ARM's AuthenticationFailed when the header is missing or not a bearer token", async () => {
    await expect(authenticate(undefined, deps())).rejects.toMatchObject({
      name: 'CloudError',
      statusCode: 401,
      code: 'AuthenticationFailed',
      message: "Authentication failed. The 'Authorization' header is missing.",
    });
    await expect(authenticate('Basic dXNlcjpwYXNz', deps())).rejects.toMatchObject({ statusCode: 401, code: 'AuthenticationFailed' });
  });

  it('answers InvalidAuthenticationToken for a bad token', async () => {
    const { accessToken } = await issue('https://graph.microsoft.com');
    await expect(authenticate(`Bearer ${accessToken}`, deps())).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    await expect(authenticate('Bearer abc', deps())).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken', headers: { 'WWW-Authenticate': expect.stringContaining('invalid_token') } });
  });
});
