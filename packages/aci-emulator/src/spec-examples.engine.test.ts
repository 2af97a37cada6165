/**
 * Fidelity against the official spec's own examples (2026-05-01): every container-group and container
 * example (plus the location and provider reads) is sent, as the example writes it, to the emulator running
 * real containers on the local Docker engine; the answer must have a status the example (or, where the
 * emulator legitimately picks another legal one, the operation) declares, validate against the operation's
 * response schema for that status, and carry every field the example's body shows — bar an explicit,
 * reasoned allow-list of what a local run cannot fill. Long-running operations are followed to their end.
 *
 * The examples are read from `../shared/aci-spec` at run time (SHARED_DIR), never copied into the repository.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armToken, BUSYBOX, rawRequest, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { assertExampleFieldsPresent, createSpecValidator, loadSpecExamples, type SpecExample } from './spec-schema-test-utils.js';

/** The examples this file sends: the container-group and container operations, and the read-only extras. */
const OPERATIONS = /^(ContainerGroups_\w+|Containers_ListLogs|Location_ListUsage|Location_ListCapabilities|Location_ListCachedImages|Operations_List)$/;
const examples = loadSpecExamples().filter((e) => OPERATIONS.test(e.operationId));

/** Every image the examples name (requests and responses), run as the local busybox (`CMD ["sh"]`, exits at once). */
const IMAGES = [...new Set(examples.flatMap((e) => JSON.stringify([e.body, e.responses]).match(/"image":"[^"]+"/g) ?? []).map((m) => m.slice(9, -1)))];
const imageMap = Object.fromEntries(IMAGES.map((image) => [image, BUSYBOX]));

/**
 * How provisioning of each create example ends. `Failed` where the request has a field a local engine cannot
 * run: the emulator accepts the definition as ARM does (201) and fails the provisioning with an event saying why.
 */
const CREATE_OUTCOME: Record<string, { state: 'Succeeded' | 'Failed'; because?: RegExp }> = {
  'ContainerGroupsCreateOrUpdate.json': { state: 'Failed', because: /gpu|azureFile/i }, // a K80 GPU and an Azure Files share
  'ContainerGroupsCreateOrUpdateManagedIdentityAzureFileshare.json': { state: 'Failed', because: /gpu|azureFile/i }, // same
  'ContainerGroupsCreateOrUpdateSecretReference.json': { state: 'Failed', because: /gpu|azureFile|secret/i }, // a GPU, an Azure Files share, Key Vault references
  'ContainerGroupCreateConfidential.json': { state: 'Failed', because: /confidential|sku/i }, // a confidential sku and CCE policy
  'ContainerGroupExtensions.json': { state: 'Failed', because: /extension|subnet/i }, // kube-proxy extensions in a subnet
  'ContainerGroupEncryptionProperties.json': { state: 'Succeeded' }, // identity and CMK change nothing locally
  'ContainerGroupsCreatePriority.json': { state: 'Succeeded' }, // Spot priority changes nothing locally
  // A group made from a container-group profile of a standby pool: neither exists locally, and the request's
  // containers carry no image or resources to run. Still accepted (ACI resolves the profile after the answer).
  'ContainerGroupCreateOrUpdateStandbyPool.json': { state: 'Failed', because: /profile|standby|image|resources/i },
};

/** Example paths (`properties.ipAddress.fqdn`) a local answer may lack in every example, each with the reason. */
const ALLOWED_EVERYWHERE: Record<string, string> = {
  'properties.ipAddress.ip': 'no public IP is allocated by a local engine (a group with published ports shows the loopback address)',
  'properties.ipAddress.fqdn': 'no public DNS name exists locally (dnsNameLabel is kept, but nothing resolves it)',
  nextLink: 'the example shows a next page; the emulator only links one when there is more than one page',
};

const SWAPPED_SHARE = 'the pre-requisite group mounts an emptyDir where the example has an Azure Files share, so that it runs locally';
const LIST_IP = 'list items are built from the stored definition without asking the engine, so they carry no address (a GET does)';

/** Example paths one example's answer may lack, with the reason; each must really be missing (kept tight). */
const ALLOWED_PER_EXAMPLE: Record<string, Record<string, string>> = {
  'ContainerGroupsCreateOrUpdate.json': {
    zones: 'the example passes `zones` as an operation parameter beside the body, so the request it sends has none to echo',
  },
  'ContainerGroupsCreateOrUpdateManagedIdentityAzureFileshare.json': {
    zones: 'the example passes `zones` as an operation parameter beside the body, so the request it sends has none to echo',
  },
  'ContainerGroupsCreateOrUpdateSecretReference.json': {
    zones: 'the example passes `zones` as an operation parameter beside the body, so the request it sends has none to echo',
  },
  'ContainerGroupsGet_Failed.json': {
    'properties.containers[0].properties.instanceView':
      'ACI failed this group at mount time, after pulling; locally the Azure Files share is refused before any container exists, so there is no container instance view',
  },
  'ContainerGroupsGet_Succeeded.json': { 'properties.volumes[0].azureFile': SWAPPED_SHARE },
  'ContainerGroupsUpdate.json': { 'properties.volumes[0].azureFile': SWAPPED_SHARE },
  'ContainerGroupsDelete.json': { 'properties.volumes[0].azureFile': SWAPPED_SHARE },
  'ContainerGroupsList.json': { 'value[0].properties.volumes[0].azureFile': SWAPPED_SHARE, 'value[0].properties.ipAddress.ip': LIST_IP },
  // ACI fills these from the container-group profile, which the emulator does not serve (the provisioning fails, saying so).
  'ContainerGroupCreateOrUpdateStandbyPool.json': Object.fromEntries(
    ['properties.containers[0].properties.command', 'properties.containers[0].properties.image', 'properties.containers[0].properties.resources', 'properties.imageRegistryCredentials', 'properties.osType'].map((path) => [
      path,
      'taken from the container-group profile, which the emulator does not serve',
    ]),
  ),
  'ContainerGroupsListByResourceGroup.json': { 'value[0].properties.volumes[0].azureFile': SWAPPED_SHARE, 'value[0].properties.ipAddress.ip': LIST_IP },
};

/**
 * Known divergences from the spec, reported rather than hidden: the test asserts the emulator's current answer,
 * so it fails (and the entry must go) once the emulator is fixed; they do not count as passed in the summary.
 */
const KNOWN_DIVERGENCES: Record<string, { status: number; code: string; reason: string }> = {
};

class KnownDivergence extends Error {
  override name = 'KnownDivergence';
}

interface Outcome {
  file: string;
  ok: boolean;
  note: string;
}
const outcomes: Outcome[] = [];

let t: TestEmulator;
let token: string;
const validator = createSpecValidator();

beforeAll(async () => {
  t = await startTestEmulator({ imageMap });
  token = await armToken(t);
});

afterAll(async () => {
  const passed = outcomes.filter((o) => o.ok).length;
  console.log(`spec examples: ${passed}/${examples.length} passed`);
  for (const o of outcomes.filter((x) => !x.ok)) console.log(`  not passed: ${o.file}: ${o.note}`);
  await t?.stop();
  expect(await t.leftovers()).toEqual([]);
});

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** Where an example runs: its own subscription and resource group, so lists show only what it made. */
interface Place {
  subscriptionId: string;
  resourceGroup: string;
  /** The example's path with the subscription and resource group rewritten. */
  path: string;
}

function placeOf(example: SpecExample, index: number): Place {
  // The emulator serves any subscription id; a fresh one per example keeps ContainerGroups_List and the usages
  // to what that example created. The resource group gets a suffix too, because the local engine keys a group
  // by resource group and name only (see the report on subscriptions sharing the engine).
  const subscriptionId = randomUUID();
  const exampleRg = /\/resourceGroups\/([^/]+)/i.exec(example.path)?.[1];
  const resourceGroup = `${decodeURIComponent(exampleRg ?? 'demo')}-x${index}`;
  const path = example.path
    .replace(/^\/subscriptions\/[^/]+/i, `/subscriptions/${subscriptionId}`)
    .replace(/\/resourceGroups\/[^/]+/i, `/resourceGroups/${encodeURIComponent(resourceGroup)}`);
  return { subscriptionId, resourceGroup, path };
}

function withQuery(path: string, apiVersion: string, query: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ 'api-version': apiVersion, ...query }).toString()}`;
}

const groupPath = (p: Place, name: string) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${encodeURIComponent(p.resourceGroup)}/providers/Microsoft.ContainerInstance/containerGroups/${encodeURIComponent(name)}`;

/** The status body of an operation once terminal, each intermediate answer checked on the way. */
async function pollOperation(url: string): Promise<Json> {
  expect(() => new URL(url)).not.toThrow();
  expect(new URL(url).origin).toBe(new URL(t.emulator.url).origin);
  for (let i = 0; i < 600; i++) {
    const res = await rawRequest(t, 'GET', url, { token });
    expect(res.status).toBe(200);
    const body = res.body as Json;
    expect(body).toMatchObject({ id: expect.stringMatching(/^\//), status: expect.any(String), startTime: expect.any(String), properties: { events: expect.any(Array) } });
    expect(Number.isNaN(Date.parse(body.startTime as string))).toBe(false);
    if (['Succeeded', 'Failed', 'Canceled'].includes(body.status as string)) {
      if (body.status === 'Failed') expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      return body;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`operation ${url} did not end`);
}

/**
 * A runnable definition of the group an example's response body describes: its read-only fields dropped and
 * what a local engine cannot run (Azure Files, GPUs) swapped for what it can — unless `keepUnrunnable`, for
 * an example whose group is meant to have failed.
 */
function definitionFrom(exampleBody: unknown, keepUnrunnable: boolean): Json {
  const body = clone(exampleBody) as Json;
  for (const key of ['id', 'name', 'type']) delete body[key];
  const props = (body.properties ?? {}) as Json;
  for (const key of ['provisioningState', 'instanceView', 'isCreatedFromStandbyPool']) delete props[key];
  if (isObject(props.ipAddress)) {
    delete props.ipAddress.ip;
    delete props.ipAddress.fqdn;
  }
  for (const c of [...((props.containers as Json[]) ?? []), ...((props.initContainers as Json[]) ?? [])]) {
    const cp = c.properties as Json;
    delete cp.instanceView;
    const requests = (cp.resources as Json | undefined)?.requests as Json | undefined;
    if (!keepUnrunnable && requests) delete requests.gpu;
  }
  if (!keepUnrunnable && Array.isArray(props.volumes)) {
    props.volumes = (props.volumes as Json[]).map((v) => (v.azureFile ? { name: v.name, emptyDir: {} } : v));
  }
  body.properties = props;
  return body;
}

/** Waits until every container of a group has terminated (a GET shows `currentState.state` `Terminated`). */
async function untilTerminated(p: Place, name: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const res = await rawRequest(t, 'GET', withQuery(groupPath(p, name), '2026-05-01'), { token });
    const containers = ((res.body as Json).properties as { containers: Array<{ properties: { instanceView?: { currentState?: { state?: string } } } }> }).containers;
    if (containers.every((c) => c.properties.instanceView?.currentState?.state === 'Terminated')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the containers of ${name} did not terminate`);
}

/** A small runnable group of the given name with one container of the given name. */
function plainDefinition(location: string, container: string): Json {
  return {
    location,
    properties: {
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [{ name: container, properties: { image: 'nginx', command: ['sh', '-c', 'echo log content'], resources: { requests: { cpu: 0.1, memoryInGB: 0.1 } } } }],
    },
  };
}

/** PUTs a definition and waits for its provisioning; returns the operation's terminal status body. */
async function createGroup(p: Place, name: string, definition: Json): Promise<Json> {
  const res = await rawRequest(t, 'PUT', withQuery(groupPath(p, name), '2026-05-01'), { token, body: definition });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return pollOperation(res.headers['azure-asyncoperation'] as string);
}

/** The pre-requisites of an example: the group it reads or acts on, made first. */
async function prepare(example: SpecExample, p: Place): Promise<void> {
  const name = /\/containerGroups\/([^/]+)/i.exec(example.path)?.[1];
  const okBody = example.responses['200']?.body;
  switch (example.operationId) {
    case 'ContainerGroups_Get':
    case 'ContainerGroups_Update':
    case 'ContainerGroups_Delete': {
      const failed = (okBody as { properties?: { provisioningState?: string } }).properties?.provisioningState === 'Failed';
      const op = await createGroup(p, decodeURIComponent(name!), definitionFrom(okBody, failed));
      expect(op.status).toBe(failed ? 'Failed' : 'Succeeded');
      // An example showing a container that ran to its end (exitCode, finishTime) is read once ours has too.
      const shown = (okBody as { properties: { containers: Array<{ properties: { instanceView?: { currentState?: { state?: string } } } }> } }).properties.containers;
      if (shown.some((c) => c.properties.instanceView?.currentState?.state === 'Terminated')) await untilTerminated(p, decodeURIComponent(name!));
      return;
    }
    case 'ContainerGroups_List':
    case 'ContainerGroups_ListByResourceGroup': {
      const item = (okBody as { value: Array<{ name: string }> }).value[0]!;
      expect((await createGroup(p, item.name, definitionFrom(item, false))).status).toBe('Succeeded');
      return;
    }
    case 'ContainerGroups_Start':
    case 'ContainerGroups_Stop':
    case 'ContainerGroups_Restart':
    case 'Containers_ListLogs': {
      const container = /\/containers\/([^/]+)/i.exec(example.path)?.[1] ?? 'demo1';
      expect((await createGroup(p, decodeURIComponent(name!), plainDefinition('westus', decodeURIComponent(container)))).status).toBe('Succeeded');
      // The log is read once the container wrote it (provisioning ends when it started, not when it printed).
      if (example.operationId === 'Containers_ListLogs') await untilTerminated(p, decodeURIComponent(name!));
      if (example.operationId === 'ContainerGroups_Start') {
        // Start a stopped group, as a client does.
        const stopped = await rawRequest(t, 'POST', withQuery(`${groupPath(p, decodeURIComponent(name!))}/stop`, example.apiVersion), { token });
        expect(stopped.status).toBe(204);
      }
      return;
    }
    case 'Location_ListUsage': {
      const location = /\/locations\/([^/]+)/i.exec(example.path)![1]!;
      expect((await createGroup(p, 'usage1', plainDefinition(location, 'usage1'))).status).toBe('Succeeded');
      return;
    }
    default:
      return; // creates are sent as is; the location and provider reads need nothing
  }
}

/** The statuses the spec declares for an operation (its response schemas, `default` aside). */
const declaredStatuses = (e: SpecExample) => Object.keys(e.responseSchemas).filter((s) => s !== 'default');

/** Checks one response against the example: status, schema, fields. Returns the status used for the comparison. */
function checkResponse(example: SpecExample, res: { status: number; body: unknown }, acceptedStatuses: string[]): string {
  const status = String(res.status);
  expect(acceptedStatuses, `${example.file}: status ${status}: ${JSON.stringify(res.body)}`).toContain(status);
  const schema = example.responseSchemas[status];
  if (schema !== undefined) {
    const result = validator.validate(schema, res.body);
    expect(result.errors, `${example.file}: response ${status} against the spec's schema`).toEqual([]);
  } else {
    expect(res.body, `${example.file}: ${status} has no body in the spec`).toBeUndefined();
  }
  // The example's body for that status; where the example shows no body for it (a status of the operation
  // the example did not show), the example's other 2xx body with one, if any.
  const exampleBody =
    example.responses[status]?.body ?? Object.entries(example.responses).find(([s, r]) => s.startsWith('2') && r.body !== undefined && schema !== undefined)?.[1].body;
  if (exampleBody !== undefined && Object.keys(exampleBody as object).length > 0) {
    const perExample = ALLOWED_PER_EXAMPLE[example.file] ?? {};
    const missing = assertExampleFieldsPresent(exampleBody, res.body);
    const unexplained = missing.filter((m) => !(m in ALLOWED_EVERYWHERE) && !(m in perExample));
    expect(unexplained, `${example.file}: fields of the example missing from the emulator's answer`).toEqual([]);
    const stale = Object.keys(perExample).filter((m) => !missing.includes(m));
    expect(stale, `${example.file}: allow-listed fields the emulator now fills (remove them from the allow-list)`).toEqual([]);
  }
  return status;
}

describe('the spec examples (2026-05-01) against the emulator', () => {
  it('covers every container-group operation the spec has examples for', () => {
    const ops = new Set(examples.map((e) => e.operationId));
    for (const op of ['ContainerGroups_CreateOrUpdate', 'ContainerGroups_Get', 'ContainerGroups_List', 'ContainerGroups_ListByResourceGroup', 'ContainerGroups_Update', 'ContainerGroups_Delete', 'ContainerGroups_Start', 'ContainerGroups_Stop', 'ContainerGroups_Restart', 'Containers_ListLogs']) {
      expect(ops).toContain(op);
    }
    expect(Object.keys(CREATE_OUTCOME).sort()).toEqual(examples.filter((e) => e.operationId === 'ContainerGroups_CreateOrUpdate').map((e) => e.file).sort());
  });

  it.concurrent.each(examples.map((example, index) => ({ example, index, label: `${example.operationId} ${example.file}` })))('$label', async ({ example, index }) => {
    const outcome: Outcome = { file: example.file, ok: false, note: '' };
    outcomes.push(outcome);
    try {
      await runExample(example, index);
      outcome.ok = true;
    } catch (e) {
      outcome.note = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
      if (e instanceof KnownDivergence) return; // asserted as it is today; reported in the summary
      throw e;
    }
  });
});

async function runExample(example: SpecExample, index: number): Promise<void> {
  const p = placeOf(example, index);
  await prepare(example, p);

  const res = await rawRequest(t, example.method, withQuery(p.path, example.apiVersion, example.query), {
    token,
    ...(example.body !== undefined ? { body: example.body } : {}),
  });

  const divergence = KNOWN_DIVERGENCES[example.file];
  if (divergence) {
    expect(res.status, `${example.file}: the known divergence is gone; remove it from KNOWN_DIVERGENCES`).toBe(divergence.status);
    expect(res.body).toMatchObject({ error: { code: divergence.code } });
    throw new KnownDivergence(divergence.reason);
  }

  // The statuses the example shows; the emulator's choice among the legal ones is narrower where it matters.
  let accepted = Object.keys(example.responses);
  if (example.operationId === 'ContainerGroups_CreateOrUpdate') accepted = ['201']; // a create, not an update
  if (example.operationId === 'ContainerGroups_Delete') {
    // The example lists 200 (body), 202 (async) and 204 (absent); the spec declares the same. The emulator
    // deletes synchronously and answers 200 with the group's last body, as the recordings show ARM doing.
    accepted = declaredStatuses(example);
    expect(res.status).toBe(200);
  }
  if (example.operationId === 'ContainerGroups_Start') accepted = ['202']; // the group was stopped: an LRO
  const status = checkResponse(example, res, accepted);

  const asyncUrl = res.headers['azure-asyncoperation'];
  if (example.operationId === 'ContainerGroups_CreateOrUpdate' || example.operationId === 'ContainerGroups_Start') {
    expect(asyncUrl, `${example.file}: Azure-AsyncOperation`).toEqual(expect.any(String));
  }
  let terminal: Json | undefined;
  if (typeof asyncUrl === 'string') terminal = await pollOperation(asyncUrl);

  const name = /\/containerGroups\/([^/?]+)/i.exec(p.path)?.[1];
  switch (example.operationId) {
    case 'ContainerGroups_CreateOrUpdate': {
      const expected = CREATE_OUTCOME[example.file]!;
      expect(status).toBe('201');
      expect((res.body as Json).properties).toMatchObject({ provisioningState: expect.stringMatching(/^(Pending|Creating|Accepted)$/) });
      expect(terminal?.status, `${example.file}: ${JSON.stringify(terminal)}`).toBe(expected.state);
      // The following GET returns the final body, itself an answer of ContainerGroups_Get.
      const after = await rawRequest(t, 'GET', withQuery(groupPath(p, decodeURIComponent(name!)), example.apiVersion), { token });
      expect(after.status).toBe(200);
      expect(validator.validate('ContainerGroup', after.body).errors).toEqual([]);
      const props = (after.body as Json).properties as Json;
      expect(props.provisioningState).toBe(expected.state);
      if (expected.state === 'Failed') {
        const events = ((props.instanceView as Json | undefined)?.events ?? []) as Array<{ message?: string }>;
        expect(events.map((e) => e.message).join('\n'), `${example.file}: the event saying why`).toMatch(expected.because!);
        expect((terminal?.error as Json | undefined)?.message).toMatch(expected.because!);
      }
      break;
    }
    case 'ContainerGroups_Get': {
      const expectedState = (example.responses['200']!.body as { properties: { provisioningState: string } }).properties.provisioningState;
      expect(((res.body as Json).properties as Json).provisioningState).toBe(expectedState);
      break;
    }
    case 'ContainerGroups_Update':
      expect((res.body as Json).tags).toEqual((example.body as Json).tags);
      break;
    case 'ContainerGroups_Delete': {
      const gone = await rawRequest(t, 'GET', withQuery(groupPath(p, decodeURIComponent(name!)), example.apiVersion), { token });
      expect(gone.status).toBe(404);
      break;
    }
    case 'ContainerGroups_Start':
      expect(terminal?.status).toBe('Succeeded');
      break;
    case 'Containers_ListLogs':
      expect((res.body as Json).content).toBe('log content\n');
      break;
    case 'ContainerGroups_List':
    case 'ContainerGroups_ListByResourceGroup': {
      const value = (res.body as { value: Json[] }).value;
      expect(value.map((g) => g.name)).toEqual([(example.responses['200']!.body as { value: Json[] }).value[0]!.name]);
      break;
    }
    case 'Location_ListUsage': {
      const value = (res.body as { value: Array<{ name: { value: string }; currentValue: number }> }).value;
      expect(value.find((u) => u.name.value === 'ContainerGroups')?.currentValue).toBe(1);
      break;
    }
    default:
      break;
  }
}
