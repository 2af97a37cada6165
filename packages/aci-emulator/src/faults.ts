/**
 * Fault injection: the one place where the emulator misbehaves on purpose, so that clients' retry and
 * resilience paths can be tested against the real SDK. Off unless rules are given (`startAciEmulator({ faults })`,
 * `CONTAINER_HOOK_EMULATOR_FAULTS`, or `PUT /admin/faults`). One fastify `onRequest` hook, registered by
 * server.ts after the envelope headers and authentication, decides per request which rule (if any) fires:
 * a 429, a 5xx, a dropped connection, added latency, a slow long-running operation (read by operations.ts
 * through {@link operationDelayOf}), or a failing token endpoint.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import createDebug from 'debug';
import { CloudError } from './cloud-error.js';

const log = createDebug('container-hook:emulator:faults');

/** The environment variable holding fault rules (the JSON of {@link FaultConfig} or of a rule array). */
export const FAULTS_ENV = 'CONTAINER_HOOK_EMULATOR_FAULTS';

/** The kinds of fault the emulator can inject. */
export type FaultKind = 'throttle' | 'error' | 'reset' | 'latency' | 'slowOperation' | 'tokenFailure';

/**
 * One fault rule. A request matches when its `"METHOD path"` (path without the query) matches `route`;
 * of the matching requests, `sequence`, else `probability`, else "every one" says which get the fault,
 * up to `times` injections in all.
 */
export interface FaultRule {
  /**
   * - `throttle`: 429 `TooManyRequests` with `Retry-After: retryAfterInSeconds` (default 1);
   * - `error`: `status` 500 `InternalServerError` (default) or 503 `ServiceUnavailable` (with `Retry-After`, default 1);
   * - `reset`: the connection is destroyed without an answer;
   * - `latency`: `delayInMs` (default 1000) before the request is handled (other rules still apply);
   * - `slowOperation`: an operation the request starts shows `Creating` for `delayInMs` (default 5000) longer before its result;
   * - `tokenFailure`: the token endpoint answers `status` (default 503) with Entra's `temporarily_unavailable`.
   */
  kind: FaultKind;
  /**
   * Matched, case-insensitively, against `"METHOD /path"` (for example `/^GET \S+\/logs$/` or `"^GET \\S+/containerGroups/[^/]+$"`);
   * a string is a regular expression's source. Default: every ARM request for `throttle`, `error`, `reset`
   * and `latency`; requests that start an operation (`PUT`, `POST`, `DELETE` under `/subscriptions`) for
   * `slowOperation`; the token endpoints (`…/oauth2/…token`, `/msi/token`) for `tokenFailure`.
   * `/admin/…` requests never get a fault.
   */
  route?: RegExp | string;
  /** The chance (0..1) that a matching request gets the fault, drawn from the emulator's seeded random source. Default 1. */
  probability?: number;
  /** Scripted: entry i says whether the i-th matching request gets the fault; after the sequence, none does. Overrides `probability`. */
  sequence?: boolean[];
  /** At most this many injections by this rule. Default: no limit. */
  times?: number;
  /** The HTTP status of `error` (500 or 503; default 500) and `tokenFailure` (default 503). */
  status?: number;
  /** `Retry-After` in seconds on `throttle` (default 1) and on a 503 `error` (default 1) or `tokenFailure` (default none); null for no header. */
  retryAfterInSeconds?: number | null;
  /** Milliseconds of `latency` (default 1000) and of `slowOperation` (default 5000). */
  delayInMs?: number;
}

/** Fault rules with the seed of the random source for their `probability`. */
export interface FaultConfig {
  rules: FaultRule[];
  /** The seed of the random source (any integer); the same seed and the same requests give the same faults. Default 1. */
  seed?: number;
}

/** What a rule did so far. */
interface FaultRuleState {
  rule: FaultRule;
  /** Requests that matched the route. */
  matched: number;
  /** Faults injected. */
  injected: number;
}

/** The rules in force as JSON (`GET /admin/faults`): routes as regular expressions' sources. */
export interface FaultsDescription {
  seed: number;
  rules: Array<{ rule: Omit<FaultRule, 'route'> & { route?: string }; matched: number; injected: number }>;
}

const KINDS: ReadonlySet<string> = new Set<FaultKind>(['throttle', 'error', 'reset', 'latency', 'slowOperation', 'tokenFailure']);
const ARM_ROUTE = /^[A-Z]+ \/(subscriptions|providers|tenants)(\/|$)/i;
const OPERATION_ROUTE = /^(PUT|POST|DELETE) \/subscriptions\//i;
const TOKEN_ROUTE = /^(POST \/[^/]+\/oauth2\/(v2\.0\/)?token|POST \/adfs\/oauth2\/token|GET \/msi\/token)$/i;

/** A small seeded PRNG (mulberry32): repeatable draws in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Checks rules (from JSON or code) and returns them as a {@link FaultConfig}.
 * @param input - a rule array or `{ rules, seed? }`.
 * @throws {CloudError} 400 `InvalidFaultRules` naming the first problem.
 */
export function toFaultConfig(input: unknown): FaultConfig {
  const bad = (message: string) => new CloudError(400, 'InvalidFaultRules', message);
  const config = Array.isArray(input) ? { rules: input as unknown[] } : (input as { rules?: unknown; seed?: unknown } | null);
  if (typeof config !== 'object' || config === null || !Array.isArray(config.rules)) throw bad('fault rules are an array of rules or { "rules": [...], "seed"?: number }');
  if (config.seed !== undefined && !Number.isInteger(config.seed)) throw bad('"seed" must be an integer');
  const rules = (config.rules as unknown[]).map((raw, i): FaultRule => {
    const r = raw as Record<string, unknown>;
    const at = `rule ${i}`;
    if (typeof r !== 'object' || r === null || typeof r.kind !== 'string' || !KINDS.has(r.kind)) throw bad(`${at}: "kind" must be one of ${[...KINDS].join(', ')}`);
    if (r.route !== undefined && typeof r.route !== 'string' && !(r.route instanceof RegExp)) throw bad(`${at}: "route" must be a string (a regular expression's source) or a RegExp`);
    if (typeof r.route === 'string') {
      try {
        new RegExp(r.route, 'i');
      } catch (e) {
        throw bad(`${at}: "route" is not a regular expression: ${(e as Error).message}`);
      }
    }
    if (r.probability !== undefined && (typeof r.probability !== 'number' || !(r.probability >= 0 && r.probability <= 1))) throw bad(`${at}: "probability" must be a number in [0, 1]`);
    if (r.sequence !== undefined && (!Array.isArray(r.sequence) || !r.sequence.every((b) => typeof b === 'boolean'))) throw bad(`${at}: "sequence" must be an array of booleans`);
    if (r.times !== undefined && (!Number.isInteger(r.times) || (r.times as number) < 0)) throw bad(`${at}: "times" must be a non-negative integer`);
    if (r.status !== undefined && (!Number.isInteger(r.status) || (r.status as number) < 400 || (r.status as number) > 599)) throw bad(`${at}: "status" must be an HTTP error status`);
    if (r.retryAfterInSeconds !== undefined && r.retryAfterInSeconds !== null && (!Number.isInteger(r.retryAfterInSeconds) || (r.retryAfterInSeconds as number) < 0)) throw bad(`${at}: "retryAfterInSeconds" must be a non-negative integer or null`);
    if (r.delayInMs !== undefined && (typeof r.delayInMs !== 'number' || !(r.delayInMs >= 0))) throw bad(`${at}: "delayInMs" must be a non-negative number`);
    return { ...(r as unknown as FaultRule) };
  });
  return { rules, ...(config.seed !== undefined ? { seed: config.seed as number } : {}) };
}

/** Reads {@link FAULTS_ENV} from `env`: undefined when unset or empty. @throws {Error} when it is not valid JSON of rules. */
export function faultConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FaultConfig | undefined {
  const text = env[FAULTS_ENV];
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return toFaultConfig(JSON.parse(text));
  } catch (e) {
    throw new Error(`${FAULTS_ENV} does not hold valid fault rules: ${(e as Error).message}`);
  }
}

/** What the injector decided for one request. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'throttle' | 'error' | 'tokenFailure'; status: number; retryAfterInSeconds: number | undefined }
  | { kind: 'reset' };

/** The rules in force and their counters; pure apart from the random source (no I/O). */
export class FaultInjector {
  #states: FaultRuleState[] = [];
  #routes: RegExp[] = [];
  /** One random source per rule, so that one rule's draws do not depend on how other rules' requests interleave. */
  #randoms: Array<() => number> = [];
  #seed = 1;

  constructor(config?: FaultConfig) {
    if (config) this.set(config);
  }

  /** Replaces the rules (counters start again). */
  set(config: FaultConfig): void {
    const checked = toFaultConfig(config);
    this.#seed = checked.seed ?? 1;
    this.#states = checked.rules.map((rule) => ({ rule, matched: 0, injected: 0 }));
    this.#routes = checked.rules.map(routeOf);
    this.#randoms = checked.rules.map((_r, i) => seededRandom(this.#seed * 7919 + i));
  }

  /** Removes every rule. */
  clear(): void {
    this.set({ rules: [] });
  }

  get active(): boolean {
    return this.#states.length > 0;
  }

  /** The rules and their counters, routes as strings (JSON-ready). */
  describe(): FaultsDescription {
    return {
      seed: this.#seed,
      rules: this.#states.map(({ rule, matched, injected }) => {
        const { route, ...rest } = rule;
        return { matched, injected, rule: { ...rest, ...(route !== undefined ? { route: typeof route === 'string' ? route : route.source } : {}) } };
      }),
    };
  }

  /**
   * Decides the faults of one request (`method`, `path` without query). Latency and slow operations add up
   * over the rules; the first answering fault (throttle, error, reset, token failure) ends the decision.
   */
  decide(method: string, path: string): { latencyInMs: number; operationDelayInMs: number; answer: FaultDecision } {
    const line = `${method.toUpperCase()} ${path}`;
    let latencyInMs = 0;
    let operationDelayInMs = 0;
    if (/^\/admin(\/|$)/i.test(path)) return { latencyInMs, operationDelayInMs, answer: { kind: 'none' } };
    for (const [i, state] of this.#states.entries()) {
      const { rule } = state;
      if (!this.#routes[i]!.test(line)) continue;
      const index = state.matched++;
      let inject: boolean;
      if (rule.sequence !== undefined) inject = rule.sequence[index] === true;
      else if (rule.probability !== undefined) inject = this.#randoms[i]!() < rule.probability;
      else inject = true;
      if (!inject || (rule.times !== undefined && state.injected >= rule.times)) continue;
      state.injected++;
      log('%s: %s', rule.kind, line);
      switch (rule.kind) {
        case 'latency':
          latencyInMs += rule.delayInMs ?? 1000;
          break;
        case 'slowOperation':
          operationDelayInMs += rule.delayInMs ?? 5000;
          break;
        case 'reset':
          return { latencyInMs, operationDelayInMs, answer: { kind: 'reset' } };
        case 'throttle':
          return { latencyInMs, operationDelayInMs, answer: { kind: 'throttle', status: 429, retryAfterInSeconds: retryAfter(rule, 1) } };
        case 'error': {
          const status = rule.status ?? 500;
          return { latencyInMs, operationDelayInMs, answer: { kind: 'error', status, retryAfterInSeconds: retryAfter(rule, status === 503 ? 1 : undefined) } };
        }
        case 'tokenFailure':
          return { latencyInMs, operationDelayInMs, answer: { kind: 'tokenFailure', status: rule.status ?? 503, retryAfterInSeconds: retryAfter(rule, undefined) } };
      }
    }
    return { latencyInMs, operationDelayInMs, answer: { kind: 'none' } };
  }
}

function retryAfter(rule: FaultRule, fallback: number | undefined): number | undefined {
  if (rule.retryAfterInSeconds === null) return undefined;
  return rule.retryAfterInSeconds ?? fallback;
}

function routeOf(rule: FaultRule): RegExp {
  if (rule.route instanceof RegExp) return new RegExp(rule.route.source, rule.route.flags.includes('i') ? rule.route.flags.replace(/[gy]/g, '') : rule.route.flags.replace(/[gy]/g, '') + 'i');
  if (typeof rule.route === 'string') return new RegExp(rule.route, 'i');
  if (rule.kind === 'tokenFailure') return TOKEN_ROUTE;
  if (rule.kind === 'slowOperation') return OPERATION_ROUTE;
  return ARM_ROUTE;
}

const operationDelays = new WeakMap<FastifyRequest, number>();

/** How much longer an operation the request starts shows `Creating` (a `slowOperation` fault); 0 for none. */
export function operationDelayOf(request: FastifyRequest): number {
  return operationDelays.get(request) ?? 0;
}

/** The request's path as the router sees it (percent-escapes decoded); the raw path when it does not decode. */
function decodedPath(url: string): string {
  const raw = url.split('?')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Registers the fault hook and `PUT/GET/DELETE /admin/faults` on `app`.
 * @param authenticateAdmin - checks the admin request's bearer token (the emulator's ARM check).
 */
export function registerFaults(app: FastifyInstance, injector: FaultInjector, authenticateAdmin: (request: FastifyRequest) => Promise<void>): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!injector.active) return;
    const { latencyInMs, operationDelayInMs, answer } = injector.decide(request.method, decodedPath(request.url));
    if (latencyInMs > 0) await sleep(latencyInMs);
    if (operationDelayInMs > 0) operationDelays.set(request, operationDelayInMs);
    switch (answer.kind) {
      case 'none':
        return;
      case 'reset':
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case 'throttle':
        throw new CloudError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. (injected by the ACI emulator)', { headers: retryAfterHeader(answer.retryAfterInSeconds) });
      case 'error':
        throw answer.status === 503
          ? new CloudError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please try again later. (injected by the ACI emulator)', { headers: retryAfterHeader(answer.retryAfterInSeconds) })
          : new CloudError(answer.status, 'InternalServerError', 'Encountered internal server error. (injected by the ACI emulator)', { headers: retryAfterHeader(answer.retryAfterInSeconds) });
      case 'tokenFailure':
        return sendTokenFailure(reply, answer.status, answer.retryAfterInSeconds);
    }
  });

  const guarded = (handler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) => async (request: FastifyRequest, reply: FastifyReply) => {
    await authenticateAdmin(request);
    return handler(request, reply);
  };
  app.get('/admin/faults', guarded(async (_request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(injector.describe()))));
  app.put(
    '/admin/faults',
    guarded(async (request, reply) => {
      injector.set(toFaultConfig(request.body));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(injector.describe()));
    }),
  );
  app.delete(
    '/admin/faults',
    guarded(async (_request, reply) => {
      injector.clear();
      return reply.code(204).send();
    }),
  );
}

function retryAfterHeader(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}

/** Entra's answer when it cannot issue tokens for a moment (AADSTS50196-like `temporarily_unavailable`). */
function sendTokenFailure(reply: FastifyReply, status: number, retryAfterInSeconds: number | undefined): FastifyReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const code = 90033;
  reply.code(status).header('Cache-Control', 'no-store').headers(retryAfterHeader(retryAfterInSeconds));
  return reply.type('application/json; charset=utf-8').send(
    JSON.stringify({
      error: 'temporarily_unavailable',
      error_description: `AADSTS${code}: A transient error has occurred. Please try again. (injected by the ACI emulator)\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    }),
  );
}
