/**
 * The ARM routes of the emulator: resource groups, container groups, containers, locations and the
 * operation-status URL, each a thin adapter from fastify's request to a handler and back. Paths match
 * case-insensitively (the server is built so), as ARM matches them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ArmResponse } from './arm-response.js';
import type { ArmRequest, EmulatorContext } from './context.js';
import * as groups from './container-groups.js';
import * as locations from './locations.js';
import { operationDelayOf } from './faults.js';
import { getOperationStatus } from './operations.js';
import * as resourceGroups from './resource-groups.js';

type Params = Record<string, string>;
type Query = Record<string, string | undefined>;

const PROVIDER = 'providers/Microsoft.ContainerInstance';
const RG = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroup';
const CG = `${RG}/${PROVIDER}/containerGroups/:name`;

/** Writes a handler's answer as ARM does: JSON in UTF-8, no body for 204 and HEAD. */
export function sendArm(reply: FastifyReply, response: ArmResponse): FastifyReply {
  reply.code(response.status);
  if (response.headers) reply.headers(response.headers);
  if (response.body === undefined || response.status === 204) return reply.send();
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(response.body));
}

/** The facts of the request every handler may need. */
export function armRequest(request: FastifyRequest): ArmRequest {
  const query = request.query as Query;
  const userAgent = String(request.headers['user-agent'] ?? '');
  return {
    origin: `https://${request.headers.host ?? 'localhost'}`,
    apiVersion: query['api-version'] ?? '',
    retryAfterInSeconds: /azsdk-js/i.test(userAgent) ? undefined : LRO_RETRY_AFTER_IN_SECONDS,
    operationDelayInMs: operationDelayOf(request),
  };
}

/** How long clients that honour `Retry-After` wait between polls of an operation (the emulator is quick). */
const LRO_RETRY_AFTER_IN_SECONDS = 1;

const address = (p: Params): groups.GroupAddress => ({ subscriptionId: p.subscriptionId!, resourceGroup: p.resourceGroup!, name: p.name! });

/** The request's path without its query (for `nextLink`s). */
const pathOf = (request: FastifyRequest): string => request.url.split('?')[0]!;

/** Registers every ARM route on `app`. */
export function registerArmRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const route = (method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST' | 'HEAD', url: string, handle: (request: FastifyRequest, p: Params, q: Query) => ArmResponse | Promise<ArmResponse>) => {
    app.route({ method, url, handler: async (request, reply) => sendArm(reply, await handle(request, request.params as Params, request.query as Query)) });
  };

  // Subscriptions (the Azure CLI lists them at login) and resource groups.
  route('GET', '/subscriptions', () => ({ status: 200, body: { value: [resourceGroups.subscriptionBody(ctx.subscriptionId, ctx.tenantId)] } }));
  route('GET', '/subscriptions/:subscriptionId', (_r, p) => ({ status: 200, body: resourceGroups.subscriptionBody(p.subscriptionId!, ctx.tenantId) }));
  route('GET', '/tenants', () => ({ status: 200, body: { value: [resourceGroups.tenantBody(ctx.tenantId)] } }));
  route('GET', '/subscriptions/:subscriptionId/resourceGroups', (_r, p) => resourceGroups.listResourceGroups(ctx, p.subscriptionId!));
  route('PUT', RG, (r, p) => resourceGroups.putResourceGroup(ctx, p.subscriptionId!, p.resourceGroup!, r.body));
  route('GET', RG, (_r, p) => resourceGroups.getResourceGroup(ctx, p.subscriptionId!, p.resourceGroup!));
  route('HEAD', RG, (_r, p) => resourceGroups.checkResourceGroup(ctx, p.subscriptionId!, p.resourceGroup!));
  route('DELETE', RG, (_r, p) =>
    resourceGroups.deleteResourceGroup(ctx, p.subscriptionId!, p.resourceGroup!, (rg, name) => groups.deleteContainerGroup(ctx, { subscriptionId: p.subscriptionId!, resourceGroup: rg, name })),
  );

  // Container groups.
  route('GET', `/subscriptions/:subscriptionId/${PROVIDER}/containerGroups`, (r, p, q) => groups.listContainerGroups(ctx, armRequest(r), p.subscriptionId!, undefined, pathOf(r), q.$skipToken ?? q.$skiptoken));
  route('GET', `${RG}/${PROVIDER}/containerGroups`, (r, p, q) => groups.listContainerGroups(ctx, armRequest(r), p.subscriptionId!, p.resourceGroup!, pathOf(r), q.$skipToken ?? q.$skiptoken));
  route('PUT', CG, (r, p) => groups.putContainerGroup(ctx, armRequest(r), address(p), r.body));
  route('GET', CG, (_r, p) => groups.getContainerGroup(ctx, address(p)));
  route('PATCH', CG, (r, p) => groups.patchContainerGroup(ctx, address(p), r.body));
  route('DELETE', CG, (_r, p) => groups.deleteContainerGroup(ctx, address(p)));
  route('POST', `${CG}/start`, (r, p) => groups.startContainerGroup(ctx, armRequest(r), address(p)));
  route('POST', `${CG}/stop`, (_r, p) => groups.stopContainerGroup(ctx, address(p)));
  route('POST', `${CG}/restart`, (_r, p) => groups.restartContainerGroup(ctx, address(p)));
  route('GET', `${CG}/outboundNetworkDependenciesEndpoints`, (_r, p) => groups.getOutboundNetworkDependencies(ctx, address(p)));
  route('GET', `${CG}/containers/:container/logs`, (_r, p, q) => groups.listContainerLogs(ctx, address(p), p.container!, { ...(q.tail !== undefined ? { tail: q.tail } : {}), ...(q.timestamps !== undefined ? { timestamps: q.timestamps } : {}) }));
  route('POST', `${CG}/containers/:container/exec`, (_r, p) => groups.unsupportedContainerOperation(ctx, address(p), 'exec'));
  route('POST', `${CG}/containers/:container/attach`, (_r, p) => groups.unsupportedContainerOperation(ctx, address(p), 'attach'));

  // Operations, locations, the provider's operation list.
  route('GET', `/subscriptions/:subscriptionId/${PROVIDER}/locations/:location/operations/:operationId`, (r, p) => {
    const retryAfter = armRequest(r).retryAfterInSeconds;
    return { status: 200, body: getOperationStatus(ctx.store, p.subscriptionId!, p.operationId!), ...(retryAfter !== undefined ? { headers: { 'Retry-After': String(retryAfter) } } : {}) };
  });
  route('GET', `/subscriptions/:subscriptionId/${PROVIDER}/locations/:location/usages`, (_r, p) => locations.listUsage(ctx, p.subscriptionId!, p.location!));
  route('GET', `/subscriptions/:subscriptionId/${PROVIDER}/locations/:location/capabilities`, (_r, p) => locations.listCapabilities(p.location!));
  route('GET', `/subscriptions/:subscriptionId/${PROVIDER}/locations/:location/cachedImages`, () => locations.listCachedImages());
  route('GET', `/${PROVIDER}/operations`, () => locations.listOperations());
}

