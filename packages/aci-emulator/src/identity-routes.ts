/**
 * The emulator's Microsoft-Entra-ID-compatible token service, on the same origin as its ARM routes:
 * OpenID discovery and keys, the v2.0 token endpoint (client credentials with a secret, a certificate
 * assertion or a federated token), an ADFS-style authority for the Azure CLI, and an App Service-style
 * managed-identity endpoint. None of these routes requires a bearer token.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * @see https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import createDebug from 'debug';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorIdentity } from './identity.js';
import type { ClientAuthenticationMethod, TokenService } from './token-service.js';

const log = createDebug('container-hook:emulator');

const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MANAGED_IDENTITY_API_VERSION = '2019-08-01';
/** Scopes MSAL may add to any request; they name no resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

/** What {@link registerIdentityRoutes} needs. */
export interface IdentityRoutesDeps {
  tokens: TokenService;
  identity: EmulatorIdentity;
  /** The emulator's origin as clients reach it (`https://127.0.0.1:8443`), known once the server listens. */
  origin: () => string;
}

/** An Entra error answer: HTTP status, OAuth `error`, AADSTS number and description. */
interface EntraError {
  status: 400 | 401;
  error: string;
  code: number;
  description: string;
}

/**
 * Registers the token service's routes on the emulator's fastify app (which parses form bodies into
 * plain objects and routes case-insensitively):
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`
 * - `POST /{tenant}/oauth2/v2.0/token` (`grant_type=client_credentials`)
 * - `GET /adfs/.well-known/openid-configuration`, `GET /adfs/discovery/keys`, `POST /adfs/oauth2/token`
 * - `GET /msi/token` (App Service managed identity, `X-IDENTITY-HEADER`; `IDENTITY_ENDPOINT` is `${origin}/msi/token`)
 *
 * Only the identity's tenant id (and `adfs`) is known; errors carry Entra's AADSTS codes and never a secret.
 *
 * @param app - The emulator's fastify app.
 * @param deps - The token service, the identity and the origin.
 */
export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityRoutesDeps): void {
  const { tokens, identity, origin } = deps;
  const isTenant = (tenant: string) => tenant.toLowerCase() === identity.tenantId.toLowerCase();

  app.get<{ Params: { tenant: string } }>('/:tenant/v2.0/.well-known/openid-configuration', async (request, reply) => {
    const { tenant } = request.params;
    if (!isTenant(tenant)) return sendEntraError(request, reply, tenantNotFound(tenant, 'invalid_tenant'));
    const base = `${origin()}/${identity.tenantId}`;
    return reply.header('Cache-Control', 'max-age=86400, private').send(
      openIdConfiguration({
        issuer: `${base}/v2.0`,
        authorizationEndpoint: `${base}/oauth2/v2.0/authorize`,
        tokenEndpoint: `${base}/oauth2/v2.0/token`,
        jwksUri: `${base}/discovery/v2.0/keys`,
        deviceAuthorizationEndpoint: `${base}/oauth2/v2.0/devicecode`,
        endSessionEndpoint: `${base}/oauth2/v2.0/logout`,
      }),
    );
  });

  app.get<{ Params: { tenant: string } }>('/:tenant/discovery/v2.0/keys', async (request, reply) => {
    const tenant = request.params.tenant.toLowerCase();
    // Entra also serves the keys under the multi-tenant aliases; validators often fetch them there.
    if (!isTenant(tenant) && tenant !== 'common' && tenant !== 'organizations') return sendEntraError(request, reply, tenantNotFound(tenant, 'invalid_tenant'));
    return reply.send(tokens.jwks());
  });

  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const { tenant } = request.params;
    if (!isTenant(tenant)) return sendEntraError(request, reply, tenantNotFound(tenant, 'invalid_request'));
    return handleTokenRequest(request, reply, deps, `${origin()}/${identity.tenantId}/v2.0`);
  });

  // The Azure CLI's MSAL calls the public cloud for instance discovery unless the authority is an ADFS one.
  app.get('/adfs/.well-known/openid-configuration', async (_request, reply) => {
    const base = `${origin()}/adfs`;
    return reply.send(
      openIdConfiguration({
        issuer: base,
        authorizationEndpoint: `${base}/oauth2/authorize`,
        tokenEndpoint: `${base}/oauth2/token`,
        jwksUri: `${base}/discovery/keys`,
        deviceAuthorizationEndpoint: `${base}/oauth2/devicecode`,
        endSessionEndpoint: `${base}/oauth2/logout`,
      }),
    );
  });

  app.get('/adfs/discovery/keys', async (_request, reply) => reply.send(tokens.jwks()));

  app.post('/adfs/oauth2/token', async (request, reply) => handleTokenRequest(request, reply, deps, `${origin()}/adfs`));

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/msi/token', async (request, reply) => handleManagedIdentityRequest(request, reply, deps));
}

async function handleTokenRequest(request: FastifyRequest, reply: FastifyReply, deps: IdentityRoutesDeps, issuer: string): Promise<FastifyReply> {
  const { tokens, identity, origin } = deps;
  const form = formFields(request.body);
  // RFC 6749 §2.3.1 lets a client send its id and secret as HTTP Basic credentials instead.
  const basic = basicCredentials(request.headers.authorization);
  const clientId = form.client_id ?? basic?.clientId;

  if (form.grant_type === undefined) return sendEntraError(request, reply, missingParameter('grant_type'));
  if (form.grant_type !== 'client_credentials') {
    return sendEntraError(request, reply, { status: 400, error: 'unsupported_grant_type', code: 70003, description: `The app requested an unsupported grant type '${form.grant_type}'. The emulator supports 'client_credentials' only.` });
  }
  if (clientId === undefined) return sendEntraError(request, reply, missingParameter('client_id'));
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase()) {
    return sendEntraError(request, reply, {
      status: 400,
      error: 'unauthorized_client',
      code: 700016,
      description: `Application with identifier '${clientId}' was not found in the directory '${identity.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    });
  }

  const audience = audienceOf(form);
  if (audience === undefined) return sendEntraError(request, reply, missingParameter('scope'));
  if (audience instanceof Error) {
    return sendEntraError(request, reply, { status: 400, error: 'invalid_scope', code: 1002012, description: audience.message });
  }

  let method: ClientAuthenticationMethod;
  const secret = form.client_secret ?? basic?.clientSecret;
  if (secret !== undefined) {
    if (!equalSecrets(secret, identity.clientSecret)) {
      return sendEntraError(request, reply, {
        status: 401,
        error: 'invalid_client',
        code: 7000215,
        description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${identity.clientId}'.`,
      });
    }
    method = 'secret';
  } else if (form.client_assertion !== undefined) {
    if (form.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) {
      return sendEntraError(request, reply, {
        status: 400,
        error: 'invalid_request',
        code: 90014,
        description: `The 'client_assertion_type' field must be '${JWT_BEARER_ASSERTION_TYPE}' for the credential.`,
      });
    }
    const path = request.url.split('?')[0] ?? '';
    const tokenEndpoints = [`${origin()}${path}`, `https://${request.headers.host ?? ''}${path}`];
    try {
      method = await tokens.verifyClientAssertion(form.client_assertion, { clientId: identity.clientId, tokenEndpoints });
    } catch (e) {
      if ((e as Error).name !== 'ClientAssertionError') throw e;
      const refusal = e as Error & { aadstsCode: number; oauthError: string; statusCode: 400 | 401 };
      return sendEntraError(request, reply, { status: refusal.statusCode, error: refusal.oauthError, code: refusal.aadstsCode, description: refusal.message });
    }
  } else {
    return sendEntraError(request, reply, {
      status: 401,
      error: 'invalid_client',
      code: 7000216,
      description: "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    });
  }

  const { accessToken, expiresOn } = await tokens.issueAccessToken({ audience, clientId: identity.clientId, tenantId: identity.tenantId, issuer, authenticationMethod: method });
  log('token endpoint: issued a token to client %s (%s) for %s', identity.clientId, method, audience);
  const expiresIn = Math.max(0, expiresOn - Math.floor(Date.now() / 1000));
  return noStore(reply, request).send({ token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken });
}

async function handleManagedIdentityRequest(
  request: FastifyRequest<{ Querystring: Record<string, string | string[] | undefined> }>,
  reply: FastifyReply,
  deps: IdentityRoutesDeps,
): Promise<FastifyReply> {
  const { tokens, identity, origin } = deps;
  const query = request.query;
  const correlationId = correlationIdOf(request);
  const refuse = (statusCode: 400 | 401, error: string, message: string) =>
    reply.code(statusCode).header('Cache-Control', 'no-store').send({ statusCode, message, correlationId, error, error_description: message });

  const header = request.headers['x-identity-header'];
  if (typeof header !== 'string' || header === '') {
    return refuse(400, 'invalid_request', "The request is missing the 'X-IDENTITY-HEADER' header; send the value of the IDENTITY_HEADER environment variable.");
  }
  if (!equalSecrets(header, identity.managedIdentityHeader)) {
    return refuse(401, 'unauthorized_client', "The 'X-IDENTITY-HEADER' header is not valid; send the value of the IDENTITY_HEADER environment variable.");
  }
  const apiVersion = single(query['api-version']);
  if (apiVersion !== MANAGED_IDENTITY_API_VERSION) {
    return refuse(400, 'invalid_request', `The api-version '${apiVersion ?? ''}' is not supported; the emulator's managed-identity endpoint supports '${MANAGED_IDENTITY_API_VERSION}'.`);
  }
  const resource = single(query.resource)?.replace(/\/\.default$/, '');
  if (resource === undefined || resource === '') return refuse(400, 'invalid_request', "The request is missing the 'resource' query parameter.");
  for (const other of ['mi_res_id', 'principal_id', 'object_id']) {
    if (query[other] !== undefined) return refuse(400, 'invalid_request', `The emulator's managed identity is chosen by 'client_id' only, not by '${other}'.`);
  }
  const clientId = single(query.client_id);
  if (clientId !== undefined && clientId.toLowerCase() !== identity.clientId.toLowerCase()) {
    return refuse(400, 'invalid_request', `No managed identity with client id '${clientId}' is assigned to this resource.`);
  }

  const { accessToken, expiresOn } = await tokens.issueAccessToken({
    audience: resource,
    clientId: identity.clientId,
    tenantId: identity.tenantId,
    issuer: `${origin()}/${identity.tenantId}/v2.0`,
    authenticationMethod: 'managedIdentity',
  });
  log('managed identity: issued a token for %s', resource);
  return noStore(reply, request).send({ access_token: accessToken, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: identity.clientId });
}

interface OpenIdEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  deviceAuthorizationEndpoint: string;
  endSessionEndpoint: string;
}

/** Entra's discovery document, with the fields MSAL (Node and Python) reads. */
function openIdConfiguration(endpoints: OpenIdEndpoints): Record<string, unknown> {
  return {
    token_endpoint: endpoints.tokenEndpoint,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: endpoints.jwksUri,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: endpoints.issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${endpoints.issuer.replace(/\/v2\.0$/, '')}/openid/userinfo`,
    authorization_endpoint: endpoints.authorizationEndpoint,
    device_authorization_endpoint: endpoints.deviceAuthorizationEndpoint,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: endpoints.endSessionEndpoint,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'azp', 'appid', 'ver'],
    grant_types_supported: ['client_credentials'],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** The audience a client-credentials request asks for: its one `<resource>/.default` scope, or a v1 `resource`. */
function audienceOf(form: Record<string, string | undefined>): string | Error | undefined {
  if (form.scope === undefined) return form.resource;
  const scopes = form.scope.split(/\s+/).filter((scope) => scope !== '' && !OIDC_SCOPES.has(scope.toLowerCase()));
  const [scope] = scopes;
  if (scopes.length !== 1 || scope === undefined || !scope.endsWith('/.default') || scope === '/.default') {
    return new Error(
      `The provided value for scope ${form.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  return scope.slice(0, -'/.default'.length);
}

function missingParameter(name: string): EntraError {
  return { status: 400, error: 'invalid_request', code: 900144, description: `The request body must contain the following parameter: '${name}'.` };
}

function tenantNotFound(tenant: string, error: 'invalid_request' | 'invalid_tenant'): EntraError {
  return {
    status: 400,
    error,
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  };
}

/** Answers as Entra does: `error`, `error_description` (AADSTS code, trace and correlation ids, timestamp), `error_codes`…. */
function sendEntraError(request: FastifyRequest, reply: FastifyReply, failure: EntraError): FastifyReply {
  const traceId = randomUUID();
  const correlationId = correlationIdOf(request);
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  log('token service refused %s %s: AADSTS%d', request.method, request.url.split('?')[0], failure.code);
  return noStore(reply.code(failure.status), request).send({
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${failure.code}`,
  });
}

function noStore(reply: FastifyReply, request: FastifyRequest): FastifyReply {
  return reply.header('Cache-Control', 'no-store, no-cache').header('Pragma', 'no-cache').header('client-request-id', correlationIdOf(request));
}

const correlationIds = new WeakMap<FastifyRequest, string>();

/** MSAL sends `client-request-id`; Entra echoes it as the correlation id (or makes one up). */
function correlationIdOf(request: FastifyRequest): string {
  let id = correlationIds.get(request);
  if (id === undefined) {
    const header = request.headers['client-request-id'];
    id = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    correlationIds.set(request, id);
  }
  return id;
}

function formFields(body: unknown): Record<string, string | undefined> {
  if (typeof body !== 'object' || body === null) return {};
  const fields: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const text = single(value);
    if (text !== undefined) fields[key] = text;
  }
  return fields;
}

function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : undefined;
}

/** Compares secrets in constant time, so response timing does not reveal how much of a guess was right. */
function equalSecrets(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
