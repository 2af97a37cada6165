/**
 * The requests the hook sends are those of real sessions: createOrUpdate/getState/list/delete against the
 * official SDK's recordings of Azure (`../shared/aci-recordings/sdk-9.1.0_api-2023-05-01/`) — method, path after
 * the host, api-version and, for the PUT, the key structure of the body — and getLogs against the REST spec's
 * example `ContainerListLogs.json` (path, `tail`/`timestamps` query parameters, `{ content }` → lines). The
 * requests are captured by a pipeline policy on the hook's own SDK client while the ACI emulator serves them.
 * Shared files are read at run time from beside the repository, never copied.
 */
import { readFileSync } from 'node:fs';
import { createHttpHeaders, type PipelinePolicy, type PipelineRequest } from '@azure/core-rest-pipeline';
import { Connection, fromArmContainerGroup, type ArmContainerGroup, type ContainerGroup } from '@container-hook/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { AciContainerGroupHook } from './hook.js';
import { splitLogLines } from './logs.js';

// Shared data sits beside the repository (`../shared`), never copied into it.
const shared = new URL('../../../../shared/', import.meta.url);
const readJson = (relative: string): any => JSON.parse(readFileSync(new URL(relative, shared), 'utf8'));

interface RecordedEntry {
  RequestUri: string;
  RequestMethod: string;
  RequestBody: unknown;
}
const RECORDINGS = 'aci-recordings/sdk-9.1.0_api-2023-05-01/';
const recorded = (test: 'create' | 'get' | 'list' | 'delete'): RecordedEntry[] => readJson(`${RECORDINGS}recording_containergroups_${test}_test.json`).Entries;
const RECORDED_SUBSCRIPTION = 'azure_subscription_id';

interface Captured {
  method: string;
  url: URL;
  body: unknown;
}

let t: TestEmulator;
let hook: AciContainerGroupHook;
const captured: Captured[] = [];

beforeAll(async () => {
  t = await startTestEmulator({ imageMap: { nginx: BUSYBOX, busybox: BUSYBOX } });
  hook = new AciContainerGroupHook(new Connection({ connId: 'aci_recorded', connType: 'azure_container_instance', login: t.emulator.connection.login, password: t.emulator.connection.password, extra: { ...t.emulator.connection.extra } }), {
    maxRetries: 0,
    operationPollIntervalInMs: 200,
  });
  (await hook.getConn()).pipeline.addPolicy({
    name: 'capture',
    sendRequest: async (req, next) => {
      captured.push({ method: req.method, url: new URL(req.url), body: typeof req.body === 'string' ? JSON.parse(req.body) : undefined });
      return next(req);
    },
  });
});

afterAll(async () => {
  await t?.stop();
  if (t) expect(await t.leftovers()).toEqual([]);
});

/** The requests `work` sends. */
async function requestsOf(work: () => Promise<unknown>): Promise<Captured[]> {
  const from = captured.length;
  await work();
  return captured.slice(from);
}

/** Method, path after the host (recorded subscription → ours, compared case-insensitively as ARM does) and api-version. */
const requestLine = (method: string, url: URL, subscriptionId: string) => ({
  method,
  path: decodeURIComponent(url.pathname).replace(`/subscriptions/${RECORDED_SUBSCRIPTION}/`, `/subscriptions/${subscriptionId}/`).toLowerCase(),
  apiVersion: url.searchParams.get('api-version'),
});
const recordedLine = (e: RecordedEntry) => requestLine(e.RequestMethod, new URL(e.RequestUri), t.emulator.identity.subscriptionId);
const sentLine = (c: Captured) => requestLine(c.method, c.url, t.emulator.identity.subscriptionId);

/** Every key path of a JSON value (`properties.containers[].name`), sorted. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))].sort();
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value)
    .flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...keyPaths(v, p)];
    })
    .sort();
}

describe('the recorded sessions of SDK 9.1.0 (api-version 2023-05-01)', () => {
  const put = () => recorded('create').find((e) => e.RequestMethod === 'PUT')!;
  const rg = () => new URL(put().RequestUri).pathname.split('/')[4]!;
  const name = () => new URL(put().RequestUri).pathname.split('/').at(-1)!.toLowerCase();

  it('createOrUpdate sends the recorded PUT: same path, api-version and body keys, recursively', async () => {
    const group = fromArmContainerGroup(put().RequestBody as ArmContainerGroup);
    const sent = await requestsOf(() => hook.createOrUpdate(rg(), name(), group));
    const puts = sent.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(sentLine(puts[0]!)).toEqual(recordedLine(put()));
    expect(keyPaths(puts[0]!.body)).toEqual(keyPaths(put().RequestBody));
  });

  it('getState sends the recorded GET', async () => {
    const sent = await requestsOf(() => hook.getState(rg(), name()));
    expect(sent.map(sentLine)).toEqual(recorded('get').map(recordedLine));
  });

  it('list sends the recorded list GET', async () => {
    const groups: ContainerGroup[] = [];
    const sent = await requestsOf(async () => {
      for await (const g of hook.list(rg())) groups.push(g);
    });
    expect(sent.map(sentLine)).toEqual(recorded('list').map(recordedLine));
    expect(groups.map((g) => g.name)).toEqual([name()]);
  });

  it('delete sends the recorded DELETE first (then only polls, if the service answers 202)', async () => {
    const sent = await requestsOf(() => hook.delete(rg(), name()));
    const deleteEntry = recorded('delete').find((e) => e.RequestMethod === 'DELETE')!;
    expect(sent.map(sentLine)[0]).toEqual(recordedLine(deleteEntry));
    expect(sent.slice(1).every((c) => c.method === 'GET')).toBe(true);
    expect(await hook.exists(rg(), name())).toBe(false);
  });
});

describe('getLogs and the REST example ContainerListLogs.json (api-version 2026-05-01)', () => {
  const example = readJson('aci-spec/2026-05-01/examples/ContainerListLogs.json');
  const { resourceGroupName, containerGroupName, containerName, tail } = example.parameters as Record<string, string | number> as { resourceGroupName: string; containerGroupName: string; containerName: string; tail: number };

  /** The example's path: the spec's path template with the example's parameters and our subscription. */
  const examplePath = (): string => {
    const spec = readJson('aci-spec/2026-05-01/containerInstance.json');
    const template = Object.entries(spec.paths as Record<string, Record<string, { operationId?: string }>>).find(([, ops]) => ops.get?.operationId === example.operationId)![0];
    return template.replace(/\{(\w+)\}/g, (_m, p: string) => (p === 'subscriptionId' ? t.emulator.identity.subscriptionId : String(example.parameters[p])));
  };

  beforeAll(async () => {
    const group: ContainerGroup = {
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [{ name: containerName, image: 'busybox', command: ['sh', '-c', 'for i in $(seq 1 12); do echo "line $i"; done'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }],
    };
    await hook.createOrUpdate(resourceGroupName, containerGroupName, group, { wait: true });
    const deadline = Date.now() + 30_000;
    while ((await hook.getStateExitCodeDetails(resourceGroupName, containerGroupName)).state !== 'Terminated') {
      if (Date.now() > deadline) throw new Error('the log container did not terminate within 30 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await hook.delete(resourceGroupName, containerGroupName);
  });

  it('asks the example path with tail, and splits the answer content into lines', async () => {
    const sent = await requestsOf(() => hook.getLogs(resourceGroupName, containerGroupName, tail));
    const logs = sent.filter((c) => c.url.pathname.endsWith('/logs'));
    expect(logs).toHaveLength(1);
    const { url } = logs[0]!;
    expect(decodeURIComponent(url.pathname).toLowerCase()).toBe(examplePath().toLowerCase());
    expect(url.searchParams.get('tail')).toBe(String(tail));
    expect(url.searchParams.has('timestamps')).toBe(false);
    // The SDK speaks its own api-version, not the example's.
    expect(url.searchParams.get('api-version')).toBe('2023-05-01');
    const lines = await hook.getLogs(resourceGroupName, containerGroupName, tail);
    expect(lines).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 3}\n`));
  });

  it('asks timestamps=true when told, and keeps each line stamped', async () => {
    const sent = await requestsOf(() => hook.getLogs(resourceGroupName, containerGroupName, 2, { timestamps: true }));
    const logs = sent.find((c) => c.url.pathname.endsWith('/logs'))!;
    expect(Object.fromEntries(logs.url.searchParams)).toMatchObject({ tail: '2', timestamps: 'true' });
    const lines = await hook.getLogs(resourceGroupName, containerGroupName, 2, { timestamps: true });
    expect(lines).toHaveLength(2);
    for (const [i, l] of lines.entries()) expect(l).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z line ${11 + i}\\n$`));
  });

  it("turns the example's answer { content } into lines (the recorded body replayed through the SDK's deserialiser)", async () => {
    const body = example.responses['200'].body as { content: string };
    const replay = new AciContainerGroupHook(new Connection({ connId: 'aci_replay', connType: 'azure_container_instance', login: t.emulator.connection.login, password: t.emulator.connection.password, extra: { ...t.emulator.connection.extra } }), { maxRetries: 0 });
    const answerWithExample: PipelinePolicy = {
      name: 'example-answer',
      sendRequest: async (req: PipelineRequest, next) =>
        new URL(req.url).pathname.endsWith('/logs') ? { request: req, status: 200, headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8' }), bodyAsText: JSON.stringify(body) } : next(req),
    };
    // Last, where the transport would answer: the SDK's deserialiser reads the body as it reads the service's.
    (await replay.getConn()).pipeline.addPolicy(answerWithExample, { afterPhase: 'Sign' });
    const lines = await replay.getLogs(resourceGroupName, containerGroupName, tail);
    expect(lines).toEqual(splitLogLines(body.content));
    expect(lines).toEqual(['log content']);
  });
});
