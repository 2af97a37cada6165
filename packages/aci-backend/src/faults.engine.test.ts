/**
 * The ACI backend under the emulator's injected faults, end to end through the real SDK: each fault kind is
 * either ridden out within the SDK's retry budget (and followLogs' own), or leaves as the right typed error
 * once it persists; a whole run under a seeded mix of faults on the log and state routes loses and
 * duplicates no line and returns the job's exit code; nothing is left on the engine.
 */
import { Connection, runContainerGroup, type ContainerGroup, type ThrottledError } from '@container-hook/core';
import type { FaultRule } from '@container-hook/aci-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, rejection, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { AciContainerGroupHook, type AciContainerGroupHookOptions } from './hook.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ imageMap: { busybox: BUSYBOX }, faultSeed: 20261130 });
});

afterEach(() => t?.emulator.faults.clear());

afterAll(async () => {
  await t?.stop();
  if (t) expect(await t.leftovers()).toEqual([]);
});

/** A hook on the emulator; a new one has no cached token (so a token fault reaches it). */
const hookOf = (options: AciContainerGroupHookOptions = {}) =>
  new AciContainerGroupHook(
    new Connection({ connId: 'aci_faults_test', connType: 'azure_container_instance', login: t.emulator.connection.login, password: t.emulator.connection.password, extra: { ...t.emulator.connection.extra } }),
    { operationPollIntervalInMs: 100, followMinIntervalInMs: 100, followMaxIntervalInMs: 400, ...options },
  );

/** `GET` of one container group (what getState, exists and the run loop's polls send). */
const STATE = '^GET /subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.ContainerInstance/containerGroups/[^/]+$';
const LOGS = '^GET \\S+/containers/[^/]+/logs$';

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

const injected = () => t.emulator.faults.describe().rules.map((r) => r.injected);

describe('within the SDK retry budget (maxRetries 3): survived', () => {
  it('throttle: two 429s with Retry-After 1, then the answer', async () => {
    t.emulator.faults.set([{ kind: 'throttle', route: STATE, sequence: [true, true], retryAfterInSeconds: 1 }]);
    const { value, ms } = await timed(() => hookOf().exists('rg-faults', 'missing'));
    expect(value).toBe(false);
    expect(injected()).toEqual([2]);
    expect(ms).toBeGreaterThanOrEqual(1900);
  });

  it('error: a 503 (Retry-After 1), then the answer', async () => {
    t.emulator.faults.set([{ kind: 'error', status: 503, route: STATE, sequence: [true] }]);
    expect(await hookOf().exists('rg-faults', 'missing')).toBe(false);
    expect(injected()).toEqual([1]);
  });

  it('error: a 500, then the answer', async () => {
    t.emulator.faults.set([{ kind: 'error', route: STATE, times: 1 }]);
    expect(await hookOf().exists('rg-faults', 'missing')).toBe(false);
    expect(injected()).toEqual([1]);
  });

  it('reset: a dropped connection, then the answer', async () => {
    t.emulator.faults.set([{ kind: 'reset', route: STATE, times: 1 }]);
    expect(await hookOf().exists('rg-faults', 'missing')).toBe(false);
    expect(injected()).toEqual([1]);
  });

  it('latency: 400 ms more on every request', async () => {
    t.emulator.faults.set([{ kind: 'latency', delayInMs: 400 }]);
    const { value, ms } = await timed(() => hookOf().exists('rg-faults', 'missing'));
    expect(value).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(400);
  });

  it('tokenFailure: the token endpoint fails once (503 temporarily_unavailable), then the token', async () => {
    t.emulator.faults.set([{ kind: 'tokenFailure', times: 1 }]);
    expect(await hookOf().exists('rg-faults', 'missing')).toBe(false);
    expect(injected()).toEqual([1]);
  });

  it('slowOperation: the create operation shows Creating 1.5 s longer, then Succeeded', async () => {
    const hook = hookOf();
    const quick: ContainerGroup = { osType: 'Linux', restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['true'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }] };
    const baseline = await timed(() => hook.createOrUpdate('rg-faults', 'slow-op-baseline', quick, { wait: true }));
    t.emulator.faults.set([{ kind: 'slowOperation', delayInMs: 1500 }]);
    const slow = await timed(() => hook.createOrUpdate('rg-faults', 'slow-op', quick, { wait: true }));
    t.emulator.faults.clear();
    expect(slow.value.provisioningState).toBe('Succeeded');
    expect(slow.ms).toBeGreaterThanOrEqual(1500);
    expect(slow.ms - baseline.ms).toBeGreaterThan(1000);
    await Promise.all([hook.delete('rg-faults', 'slow-op-baseline'), hook.delete('rg-faults', 'slow-op')]);
  });
});

describe('persisting faults: the typed error', () => {
  it('throttle beyond the retries → ThrottledError with retryAfterMs', async () => {
    t.emulator.faults.set([{ kind: 'throttle', route: STATE, retryAfterInSeconds: 1 }]);
    const { value: e, ms } = await timed(() => rejection(() => hookOf({ maxRetries: 2 }).getState('rg-faults', 'missing')));
    expect(e.code).toBe('Throttled');
    expect((e as ThrottledError).retryAfterMs).toBe(1000);
    expect(e.details).toMatchObject({ serviceCode: 'TooManyRequests', statusCode: 429 });
    expect(injected()).toEqual([3]); // the first try and two retries
    expect(ms).toBeGreaterThanOrEqual(1900);
  });

  it('500 persisting → BackendUnavailableError', async () => {
    t.emulator.faults.set([{ kind: 'error', route: STATE }]);
    const e = await rejection(() => hookOf({ maxRetries: 1 }).getState('rg-faults', 'missing'));
    expect(e.code).toBe('BackendUnavailable');
    expect(e.details).toMatchObject({ serviceCode: 'InternalServerError', statusCode: 500 });
  });

  it('reset persisting → BackendUnavailableError', async () => {
    t.emulator.faults.set([{ kind: 'reset', route: STATE }]);
    const e = await rejection(() => hookOf({ maxRetries: 1 }).getState('rg-faults', 'missing'));
    expect(e.code).toBe('BackendUnavailable');
  });

  it('the token endpoint failing → AuthenticationError', async () => {
    t.emulator.faults.set([{ kind: 'tokenFailure' }]);
    const e = await rejection(() => hookOf({ maxRetries: 0 }).getState('rg-faults', 'missing'));
    expect(e.code).toBe('Authentication');
    expect(e.message).not.toContain(t.emulator.connection.password);
  });
});

describe('runContainerGroup under faults', () => {
  const LINES = 200;
  /** 200 numbered lines over about 4 s, then exit 3. */
  const job = (lines: number, sleep: string): ContainerGroup => ({
    osType: 'Linux',
    restartPolicy: 'Never',
    containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', `i=1; while [ $i -le ${lines} ]; do echo "line $i"; i=$((i+1)); sleep ${sleep}; done; exit 3`], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }],
  });
  const expected = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`);
  const runOptions = { minCallIntervalInMs: 200, maxPollIntervalInMs: 1000, collectLogs: true, timeoutInMs: 50_000 } as const;

  it('a seeded mix (p≈0.3) on the log and state routes: no line lost or duplicated, exit code 3, group deleted', async () => {
    const mix: FaultRule[] = [
      { kind: 'throttle', route: LOGS, probability: 0.12, retryAfterInSeconds: 1 },
      { kind: 'error', route: LOGS, status: 503, probability: 0.1, retryAfterInSeconds: 0 },
      { kind: 'reset', route: LOGS, probability: 0.08 },
      { kind: 'latency', route: LOGS, probability: 0.2, delayInMs: 150 },
      { kind: 'throttle', route: STATE, probability: 0.12, retryAfterInSeconds: 1 },
      { kind: 'error', route: STATE, status: 500, probability: 0.08 },
      { kind: 'reset', route: STATE, probability: 0.1 },
    ];
    t.emulator.faults.set({ rules: mix, seed: 17 });
    const hook = hookOf();
    const result = await runContainerGroup(hook, 'rg-faults', 'numbered-mix', job(LINES, '0.02'), runOptions);
    const counts = t.emulator.faults.describe().rules.map((r) => `${r.rule.kind}@${r.rule.route === LOGS ? 'logs' : 'state'}: ${r.injected}/${r.matched}`);
    console.log(`faults injected (injected/matched): ${counts.join(', ')}`);
    t.emulator.faults.clear();
    const logs = result.logs ?? [];
    const lost = expected(LINES).filter((l) => !logs.includes(l)).length;
    const duplicated = logs.length - new Set(logs).size;
    console.log(`mix run: ${logs.length} lines, ${lost} lost, ${duplicated} duplicated, exit code ${result.exitCode}`);
    expect(logs).toEqual(expected(LINES));
    expect(result.exitCode).toBe(3);
    expect(result.deleted).toBe(true);
    expect(t.emulator.faults.describe().rules).toEqual([]);
    expect(injected().length).toBe(0);
    expect(await hook.exists('rg-faults', 'numbered-mix')).toBe(false);
  });

  it('with no SDK retries, followLogs rides out scripted 429s and 503s on log reads itself', async () => {
    t.emulator.faults.set([
      // Log reads: 1 ok, 2-3 throttled (Retry-After 1), 4 a 503 (the error rule sees only what the throttle rule let through), then ok.
      { kind: 'throttle', route: LOGS, sequence: [false, true, true], retryAfterInSeconds: 1 },
      { kind: 'error', route: LOGS, status: 503, sequence: [false, true] },
    ]);
    const result = await runContainerGroup(hookOf({ maxRetries: 0 }), 'rg-faults', 'numbered-scripted', job(100, '0.03'), runOptions);
    const counts = injected();
    t.emulator.faults.clear();
    // The SDK retried nothing (maxRetries 0): followLogs itself waited and read again, three times.
    expect(counts).toEqual([2, 1]);
    expect(result.logs).toEqual(expected(100));
    expect(result.exitCode).toBe(3);
  });

  it('log reads failing past the budget → the run fails with BackendUnavailableError and the group is deleted', async () => {
    t.emulator.faults.set([{ kind: 'error', route: LOGS }]);
    const hook = hookOf({ maxRetries: 0, followRetries: 2 });
    const e = await rejection(() => runContainerGroup(hook, 'rg-faults', 'numbered-broken', job(5, '0.01'), runOptions));
    t.emulator.faults.clear();
    expect(e.code).toBe('BackendUnavailable');
    expect(injected().length).toBe(0);
    expect(await hook.exists('rg-faults', 'numbered-broken')).toBe(false);
  });
});
