/**
 * The emulator's token issuer: it signs Entra-shaped access tokens (RS256, a key kept in the state
 * directory), verifies them for ARM, publishes the key set, and checks client assertions — federated
 * tokens it signed itself (workload identity) and JWTs signed with the service principal's client
 * certificate (`ClientCertificateCredential`).
 *
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 * @see https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, generateKeyPair, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import createDebug from 'debug';
import { SignJWT, calculateJwkThumbprint, decodeProtectedHeader, errors, exportJWK, jwtVerify } from 'jose';
import type { JWK, JWTPayload } from 'jose';
import type { EmulatorCertificates } from './certificates.js';
import { CloudError, invalidAuthenticationToken } from './cloud-error.js';
import type { EmulatorIdentity } from './identity.js';
import { ensureStateDir, readOptionalFile, writeFileAtomically } from './state-files.js';

const log = createDebug('container-hook:emulator');

/** The audience Entra requires of a federated token presented as a client assertion. */
export const FEDERATED_TOKEN_AUDIENCE = 'api://AzureADTokenExchange';
const DEFAULT_ACCESS_TOKEN_LIFETIME_IN_SECONDS = 3600;
const DEFAULT_FEDERATED_SUBJECT = 'system:serviceaccount:default:container-hook';
const DEFAULT_FEDERATED_ISSUER = 'urn:container-hook:aci-emulator';

/** How a client proved its identity; Entra records it in `appidacr`/`azpacr` ("1" secret, "2" certificate or assertion). */
export type ClientAuthenticationMethod = 'secret' | 'certificate' | 'federated' | 'managedIdentity';

/** Options of {@link TokenService.issueAccessToken}. */
export interface IssueAccessTokenOptions {
  /** The `aud` claim: the resource, that is the scope without `/.default`. */
  audience: string;
  /** The application (client) id the token is for. */
  clientId: string;
  tenantId: string;
  /** The `iss` claim; the token endpoint passes `${origin}/${tenant}/v2.0`. Defaults to Entra's v2 issuer for the tenant. */
  issuer?: string;
  /** Defaults to 3600 (Entra's usual lifetime). Must be positive. */
  lifetimeInSeconds?: number;
  /** Defaults to `secret`. */
  authenticationMethod?: ClientAuthenticationMethod;
}

/** A signed access token and its expiry. */
export interface IssuedAccessToken {
  accessToken: string;
  /** The `exp` claim, in seconds since the epoch. */
  expiresOn: number;
}

/** The claims of an access token the emulator issued (and verified). */
export interface AccessTokenClaims extends JWTPayload {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  oid: string;
  sub: string;
  appid: string;
  azp: string;
  idtyp: 'app';
  ver: '2.0';
}

/** Options of {@link TokenService.issueFederatedToken}. */
export interface IssueFederatedTokenOptions {
  /** The `sub` claim; defaults to `system:serviceaccount:default:container-hook`, as a Kubernetes service account token. */
  subject?: string;
  /** The `iss` claim; defaults to `urn:container-hook:aci-emulator`. */
  issuer?: string;
  /** Defaults to 3600. Must be positive. */
  lifetimeInSeconds?: number;
}

/** Options of {@link TokenService.verifyClientAssertion}. */
export interface VerifyClientAssertionOptions {
  /** The `client_id` of the token request (a certificate assertion's `iss` and `sub` must equal it). */
  clientId: string;
  /** The token endpoint URLs the request may have been addressed to (a certificate assertion's `aud`). */
  tokenEndpoints: string[];
}

/**
 * A client assertion the token endpoint refuses, with the Entra error to answer.
 * Recognise it by `name === 'ClientAssertionError'`.
 */
export class ClientAssertionError extends Error {
  override readonly name = 'ClientAssertionError';
  /** The AADSTS number (`700027` for `AADSTS700027`). */
  readonly aadstsCode: number;
  /** The OAuth `error`: `invalid_client`, or `invalid_request` for a malformed assertion. */
  readonly oauthError: 'invalid_client' | 'invalid_request';
  readonly statusCode: 400 | 401;

  constructor(aadstsCode: number, message: string, oauthError: 'invalid_client' | 'invalid_request' = 'invalid_client') {
    super(message);
    this.aadstsCode = aadstsCode;
    this.oauthError = oauthError;
    this.statusCode = oauthError === 'invalid_client' ? 401 : 400;
  }
}

interface ClientCertificate {
  publicKey: KeyObject;
  /** `x5t`: base64url SHA-1 of the DER certificate. */
  thumbprint: string;
  /** `x5t#S256`: base64url SHA-256 of the DER certificate. */
  thumbprintSha256: string;
}

/**
 * Issues and verifies the emulator's tokens with one RS256 key kept in `stateDir/token-signing-key.pem`,
 * so tokens stay valid across restarts.
 */
export class TokenService {
  /** The `kid` of the signing key: its RFC 7638 JWK thumbprint. */
  readonly keyId: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #publicJwk: JWK;
  /** The emulator identity this service issues tokens for. */
  readonly identity: EmulatorIdentity;
  readonly #clientCertificate: ClientCertificate;

  private constructor(privateKey: KeyObject, publicJwk: JWK, identity: EmulatorIdentity, clientCertificate: ClientCertificate) {
    this.#privateKey = privateKey;
    this.#publicKey = createPublicKey(privateKey);
    this.#publicJwk = publicJwk;
    this.keyId = publicJwk.kid ?? '';
    this.identity = identity;
    this.#clientCertificate = clientCertificate;
  }

  /**
   * Loads the signing key from `stateDir` (creating an RSA 2048 key, mode 0600, on first use) and the
   * service principal's client certificate.
   *
   * @param stateDir - The emulator's state directory.
   * @param identity - The emulator's identity (from `loadOrCreateIdentity`).
   * @param certificates - The emulator's certificates (from `loadOrCreateCertificates`); the client certificate verifies certificate assertions.
   */
  static async create(stateDir: string, identity: EmulatorIdentity, certificates: EmulatorCertificates): Promise<TokenService> {
    await ensureStateDir(stateDir);
    const keyFile = path.join(stateDir, 'token-signing-key.pem');
    let keyPem = await readOptionalFile(keyFile);
    if (keyPem === undefined) {
      log('creating the token signing key in %s', keyFile);
      const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
      keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      await writeFileAtomically(keyFile, keyPem, 0o600);
    }
    const privateKey = createPrivateKey(keyPem);
    const jwk = await exportJWK(createPublicKey(privateKey));
    const publicJwk: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), use: 'sig', alg: 'RS256' };

    const certificate = new X509Certificate(await readFile(certificates.clientCertificatePath, 'utf8'));
    const clientCertificate: ClientCertificate = {
      publicKey: certificate.publicKey,
      thumbprint: createHash('sha1').update(certificate.raw).digest('base64url'),
      thumbprintSha256: createHash('sha256').update(certificate.raw).digest('base64url'),
    };
    return new TokenService(privateKey, publicJwk, identity, clientCertificate);
  }

  /**
   * Signs an application access token with the claims Entra puts in one (`aud`, `iss`, `tid`, `oid`,
   * `sub`, `appid`, `azp`, `idtyp`, `iat`, `nbf`, `exp`, `ver`).
   *
   * @param options - Audience, client, tenant, and optionally issuer and lifetime.
   * @returns The token and its expiry in epoch seconds.
   * @throws {RangeError} when `lifetimeInSeconds` is not a positive number.
   */
  async issueAccessToken(options: IssueAccessTokenOptions): Promise<IssuedAccessToken> {
    const lifetime = checkLifetime(options.lifetimeInSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_IN_SECONDS);
    const now = nowInSeconds();
    const expiresOn = now + lifetime;
    // Entra gives each service principal an object id distinct from its app id; derive a stable one.
    const objectId = uuidFrom(`${options.tenantId.toLowerCase()}/${options.clientId.toLowerCase()}`);
    const acr = options.authenticationMethod === 'secret' || options.authenticationMethod === undefined ? '1' : options.authenticationMethod === 'managedIdentity' ? '0' : '2';
    const accessToken = await new SignJWT({
      tid: options.tenantId,
      oid: objectId,
      appid: options.clientId,
      azp: options.clientId,
      appidacr: acr,
      azpacr: acr,
      idtyp: 'app',
      ver: '2.0',
      uti: randomUUID().replace(/-/g, ''),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .setAudience(options.audience)
      .setIssuer(options.issuer ?? `https://login.microsoftonline.com/${options.tenantId}/v2.0`)
      .setSubject(objectId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(expiresOn)
      .sign(this.#privateKey);
    log('issued an access token for client %s, audience %s, until %d', options.clientId, options.audience, expiresOn);
    return { accessToken, expiresOn };
  }

  /**
   * Verifies an access token as ARM does: the emulator's own signature, the expiry, and the audience
   * (with or without a trailing slash, case-insensitive).
   *
   * @param token - The JWT from `Authorization: Bearer …`.
   * @param acceptedAudiences - The audiences this endpoint accepts.
   * @returns The token's claims.
   * @throws {CloudError} 401 `ExpiredAuthenticationToken` when it expired; 401 `InvalidAuthenticationToken` when it is malformed, not signed by the emulator, not yet valid, or for another audience.
   */
  async verifyAccessToken(token: string, acceptedAudiences: string[]): Promise<AccessTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#publicKey, { algorithms: ['RS256'] }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw expiredAuthenticationToken(e.payload.exp);
      if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'nbf') throw invalidAuthenticationToken('The access token is not yet valid.');
      throw invalidAuthenticationToken('The access token is invalid.');
    }
    if (typeof payload.exp !== 'number') throw invalidAuthenticationToken('The access token is invalid.');
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    const accepted = new Set(acceptedAudiences.map(normalizeAudience));
    if (!audiences.some((audience) => accepted.has(normalizeAudience(audience)))) {
      throw invalidAuthenticationToken(
        `The access token has an invalid audience: it was obtained for '${audiences.join("', '")}'. It should match one of the allowed audiences '${acceptedAudiences.join("', '")}'.`,
      );
    }
    return payload as AccessTokenClaims;
  }

  /** The JSON Web Key Set clients fetch from `jwks_uri`: the one public signing key. */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.#publicJwk }] };
  }

  /**
   * Signs a federated token (audience `api://AzureADTokenExchange`), the kind a workload's
   * `AZURE_FEDERATED_TOKEN_FILE` holds; the token endpoint accepts it as a client assertion for the
   * emulator's client id.
   *
   * @param options - Subject, issuer and lifetime.
   * @returns The signed JWT.
   * @throws {RangeError} when `lifetimeInSeconds` is not a positive number.
   */
  async issueFederatedToken(options: IssueFederatedTokenOptions = {}): Promise<string> {
    const lifetime = checkLifetime(options.lifetimeInSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_IN_SECONDS);
    const now = nowInSeconds();
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .setAudience(FEDERATED_TOKEN_AUDIENCE)
      .setIssuer(options.issuer ?? DEFAULT_FEDERATED_ISSUER)
      .setSubject(options.subject ?? DEFAULT_FEDERATED_SUBJECT)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetime)
      .sign(this.#privateKey);
  }

  /**
   * Checks a `client_assertion`. It is accepted when it is either a federated token the emulator signed
   * (audience `api://AzureADTokenExchange`, unexpired), or a JWT signed with the client certificate's key
   * (`x5t` or `x5t#S256` naming that certificate, `aud` a token endpoint, `iss` = `sub` = the client id).
   *
   * @param assertion - The `client_assertion` form field.
   * @param options - The request's client id and token endpoint URLs.
   * @returns Which kind of assertion it was.
   * @throws {ClientAssertionError} for anything else, with the AADSTS code Entra would answer.
   */
  async verifyClientAssertion(assertion: string, options: VerifyClientAssertionOptions): Promise<'federated' | 'certificate'> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      throw new ClientAssertionError(50027, 'JWT token is invalid or malformed.', 'invalid_request');
    }

    if (header.kid === this.keyId) {
      const payload = await verifyAssertion(assertion, this.#publicKey, ['RS256']);
      const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
      if (!audiences.includes(FEDERATED_TOKEN_AUDIENCE)) {
        throw new ClientAssertionError(700212, `No matching federated identity record found for presented assertion audience '${audiences.join(', ')}'.`);
      }
      return 'federated';
    }

    const certificate = this.#clientCertificate;
    const named = header['x5t#S256'] ?? header.x5t;
    if (named === undefined) {
      throw new ClientAssertionError(700027, 'Client assertion contains an invalid signature. [Reason - The key was not found.]');
    }
    if (named !== certificate.thumbprintSha256 && named !== certificate.thumbprint) {
      throw new ClientAssertionError(
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${named}']`,
      );
    }
    const payload = await verifyAssertion(assertion, certificate.publicKey, ['RS256', 'PS256']);
    if (payload.iss?.toLowerCase() !== options.clientId.toLowerCase() || payload.sub?.toLowerCase() !== options.clientId.toLowerCase()) {
      throw new ClientAssertionError(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    const endpoints = new Set(options.tokenEndpoints.map(normalizeAudience));
    if (!audiences.some((audience) => endpoints.has(normalizeAudience(audience)))) {
      throw new ClientAssertionError(700021, 'Client assertion audience claim does not match Realm issuer.');
    }
    return 'certificate';
  }
}

/** The clock skew allowed on client assertions, as Entra allows. */
const ASSERTION_CLOCK_SKEW_IN_SECONDS = 300;

async function verifyAssertion(assertion: string, key: KeyObject, algorithms: string[]): Promise<JWTPayload> {
  try {
    // Entra allows 5 minutes of clock skew; MSAL stamps `nbf` with its own clock, which may run ahead of ours.
    const { payload } = await jwtVerify(assertion, key, { algorithms, clockTolerance: ASSERTION_CLOCK_SKEW_IN_SECONDS });
    if (typeof payload.exp !== 'number') throw new ClientAssertionError(700024, 'Client assertion is not within its valid time range: it has no expiry time.');
    return payload;
  } catch (e) {
    if (e instanceof ClientAssertionError) throw e;
    if (e instanceof errors.JWTExpired || (e instanceof errors.JWTClaimValidationFailed && e.claim === 'nbf')) {
      throw new ClientAssertionError(700024, `Client assertion is not within its valid time range. Current time: ${new Date().toISOString()}.`);
    }
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JOSEAlgNotAllowed) {
      throw new ClientAssertionError(700027, 'Client assertion failed signature validation.');
    }
    throw new ClientAssertionError(50027, 'JWT token is invalid or malformed.', 'invalid_request');
  }
}

function checkLifetime(lifetimeInSeconds: number): number {
  if (!Number.isFinite(lifetimeInSeconds) || lifetimeInSeconds <= 0) {
    throw new RangeError(`lifetimeInSeconds must be a positive number of seconds, got ${lifetimeInSeconds}`);
  }
  return Math.round(lifetimeInSeconds);
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Audiences compare without trailing slashes and case: `https://management.azure.com/` = `https://management.azure.com`. */
function normalizeAudience(audience: string): string {
  return audience.replace(/\/+$/, '').toLowerCase();
}

/** A UUID-shaped, stable hash of `text` (version 8, "custom"). */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** ARM's 401 for an expired token, in its words. */
function expiredAuthenticationToken(exp: number | undefined): CloudError {
  const expiry = exp === undefined ? 'unknown' : new Date(exp * 1000).toISOString();
  return new CloudError(401, 'ExpiredAuthenticationToken', `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${new Date().toISOString()}'.`, {
    headers: { 'WWW-Authenticate': 'Bearer authorization_uri="", error="invalid_token", error_description="The access token has expired."' },
  });
}
