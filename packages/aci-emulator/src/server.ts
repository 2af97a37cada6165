/**
 * The emulator's one request pipeline: TLS → envelope headers → authentication (ARM routes) → routing
 * → handler → a CloudError for any failure. Fault injection, persistence and metrics plug in here.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import createDebug from 'debug';
import { registerArmRoutes } from './arm-routes.js';
import { authenticate } from './authenticate.js';
import type { EmulatorCertificates } from './certificates.js';
import { CloudError } from './cloud-error.js';
import type { EmulatorContext } from './context.js';
import { registerFaults, type FaultInjector } from './faults.js';
import type { EmulatorIdentity } from './identity.js';
import { registerIdentityRoutes } from './identity-routes.js';
import type { TokenService } from './token-service.js';

const log = createDebug('container-hook:emulator');

/** Audiences ARM accepts besides the emulator's own origin: what SDKs ask for by default (the Python SDK, the Azure CLI). */
const PUBLIC_ARM_AUDIENCES = ['https://management.azure.com/', 'https://management.core.windows.net/'];

/** Paths served by ARM (behind a bearer token); everything else is the token service. */
const ARM_PATH = /^\/(subscriptions|providers|tenants)(\/|\?|$)/i;

export interface ServerDependencies {
  context: EmulatorContext;
  certificates: EmulatorCertificates;
  identity: EmulatorIdentity;
  tokens: TokenService;
  /** The fault rules in force (none by default). */
  faults: FaultInjector;
}

/**
 * Whether a request is for ARM (and needs a bearer token). Judged on the decoded path, as the router matches
 * it (`/%73ubscriptions/…` is `/subscriptions/…`); a path that does not decode is treated as ARM, so it is
 * refused rather than served.
 */
export function isArmPath(url: string): boolean {
  const raw = url.split('?')[0]!;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return true;
  }
  return ARM_PATH.test(path);
}

const originOf = (request: FastifyRequest): string => `https://${request.headers.host ?? 'localhost'}`;

/** The fastify app of the emulator, not yet listening. */
export function buildServer(deps: ServerDependencies): FastifyInstance {
  let listeningOrigin = '';
  const app = Fastify({
    https: { key: deps.certificates.privateKeyPem, cert: deps.certificates.certificatePem },
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    exposeHeadRoutes: false,
    // On close, idle keep-alive connections go at once; requests being handled finish first (so none reaches
    // the hook after stop() cleaned up).
    forceCloseConnections: 'idle',
    bodyLimit: 16 * 1024 * 1024,
    logger: false,
  });
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') listeningOrigin = `https://127.0.0.1:${address.port}`;
  });

  // ARM clients send JSON, sometimes with an empty body (POST stop/restart); the token endpoint takes a form.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new CloudError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: it is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const authenticateArm = (request: FastifyRequest) =>
    authenticate(headerValue(request.headers.authorization), {
      tokens: deps.tokens,
      acceptedAudiences: [...new Set([originOf(request), listeningOrigin, listeningOrigin.replace('127.0.0.1', 'localhost')].filter(Boolean)), ...PUBLIC_ARM_AUDIENCES],
    });

  app.addHook('onRequest', async (request, reply) => {
    const correlation = headerValue(request.headers['x-ms-correlation-request-id']) ?? randomUUID();
    reply.headers({ 'x-ms-request-id': `local:${randomUUID()}`, 'x-ms-correlation-request-id': correlation, 'Cache-Control': 'no-cache' });
    if (!isArmPath(request.url)) return;
    await authenticateArm(request);
    const apiVersion = (request.query as Record<string, unknown>)['api-version'];
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      throw new CloudError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const cloud = toCloudError(error);
    if (cloud.statusCode >= 500) log('%s %s failed: %O', request.method, request.url, error);
    reply.code(cloud.statusCode).headers(cloud.headers);
    if (request.method === 'HEAD') return reply.send();
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(cloud.toBody()));
  });
  app.setNotFoundHandler((request, reply) => {
    const cloud = new CloudError(404, 'NotFound', `The ACI emulator serves no '${request.method} ${request.url.split('?')[0]}'.`);
    reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(cloud.toBody()));
  });

  // Fault injection: after the envelope headers and authentication, before routing (faults.ts).
  registerFaults(app, deps.faults, authenticateArm);
  registerIdentityRoutes(app, { tokens: deps.tokens, identity: deps.identity, origin: () => listeningOrigin });
  registerArmRoutes(app, deps.context);
  return app;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Any failure as a CloudError: ours as is, fastify's 4xx (bad JSON, a too large body) as ARM's 400, the rest 500. */
function toCloudError(error: unknown): CloudError {
  if (error instanceof CloudError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  if (status !== undefined && status >= 400 && status < 500) return new CloudError(status, 'InvalidRequestContent', message);
  return new CloudError(500, 'InternalServerError', `The ACI emulator failed to serve the request: ${message}`);
}
