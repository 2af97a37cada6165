import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromArmContainerGroup, type ArmContainerGroup } from './arm-mapping.js';
import { InvalidContainerGroupError, isContainerHookError } from './errors.js';
import type { Container, ContainerGroup } from './model.js';
import { assertValidContainerGroup, validateContainerGroup } from './validation/index.js';

// Shared data sits beside the repository (`../shared`), never copied into it.
const shared = new URL('../../../../shared/', import.meta.url);
const readJson = (relative: string): any => JSON.parse(readFileSync(new URL(relative, shared), 'utf8'));

const NAME = 'my-Group-1';

function goodGroup(): ContainerGroup {
  return {
    location: 'eastus',
    tags: { env: 'test' },
    osType: 'Linux',
    restartPolicy: 'OnFailure',
    sku: 'Standard',
    priority: 'Regular',
    containers: [
      {
        name: 'web',
        image: 'nginx',
        resources: { requests: { cpu: 1, memoryInGB: 1.5 }, limits: { cpu: 2, memoryInGB: 2 } },
        ports: [{ port: 80, protocol: 'TCP' }],
        environmentVariables: [
          { name: 'MODE', value: 'x' },
          { name: 'TOKEN', secureValue: 's3cret-value' },
        ],
        volumeMounts: [
          { name: 'cache-vol', mountPath: '/cache' },
          { name: 'secrets', mountPath: '/etc/secrets', readOnly: true },
        ],
      },
      { name: 'sidecar', image: 'busybox', command: ['sleep', '1'], resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } } },
    ],
    initContainers: [{ name: 'init', image: 'busybox', command: ['true'], volumeMounts: [{ name: 'cache-vol', mountPath: '/cache' }] }],
    ipAddress: { type: 'Public', ports: [{ port: 80, protocol: 'TCP' }], dnsNameLabel: 'my-app-1' },
    volumes: [
      { name: 'cache-vol', emptyDir: {} },
      { name: 'secrets', secret: { 'a.txt': 'aGVsbG8=' } },
    ],
  };
}

/** A loose view of the good group, to break it in ways the types forbid. */
type Loose = any;
const web = (g: Loose): Loose => g.containers[0];
const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
const smallContainer = (i: number): Container => ({ name: `c${i}`, image: 'busybox', resources: { requests: { cpu: 0.1, memoryInGB: 0.1 } } });

interface BadCase {
  title: string;
  /** Breaks the good group in place (or returns a replacement). */
  mutate?: (g: Loose) => unknown;
  name?: unknown;
  paths: string[];
}

const badCases: BadCase[] = [
  // the group's name
  { title: 'empty group name', name: '', paths: ['name'] },
  { title: 'group name of 64 characters', name: 'a'.repeat(64), paths: ['name'] },
  { title: 'group name with a leading hyphen', name: '-group', paths: ['name'] },
  { title: 'group name with a trailing hyphen', name: 'group-', paths: ['name'] },
  { title: 'group name with consecutive hyphens', name: 'my--group', paths: ['name'] },
  { title: 'group name with an underscore', name: 'my_group', paths: ['name'] },
  { title: 'group name that is not a string', name: 42, paths: ['name'] },
  // the body's shape
  { title: 'null body', mutate: () => null, paths: [''] },
  { title: 'array body', mutate: () => [goodGroup()], paths: [''] },
  { title: 'number body', mutate: () => 7, paths: [''] },
  { title: 'string body', mutate: () => 'containers: []', paths: [''] },
  { title: 'missing containers', mutate: (g) => void delete g.containers, paths: ['containers'] },
  { title: 'containers not an array', mutate: (g) => void (g.containers = { web: {} }), paths: ['containers'] },
  { title: 'no containers', mutate: (g) => void (g.containers = []), paths: ['containers'] },
  {
    title: '61 containers',
    mutate: (g) => {
      g.containers = many(61, smallContainer);
      delete g.ipAddress;
      delete g.initContainers;
    },
    paths: ['containers'],
  },
  { title: 'a container that is a string', mutate: (g) => void (g.containers[1] = 'sidecar'), paths: ['containers[1]'] },
  { title: 'missing osType', mutate: (g) => void delete g.osType, paths: ['osType'] },
  { title: 'osType in the wrong case', mutate: (g) => void (g.osType = 'linux'), paths: ['osType'] },
  { title: 'unknown restartPolicy', mutate: (g) => void (g.restartPolicy = 'Sometimes'), paths: ['restartPolicy'] },
  { title: 'unknown sku', mutate: (g) => void (g.sku = 'Premium'), paths: ['sku'] },
  { title: 'unknown priority', mutate: (g) => void (g.priority = 'Low'), paths: ['priority'] },
  { title: 'unknown identity type', mutate: (g) => void (g.identity = { type: 'Managed' }), paths: ['identity.type'] },
  { title: 'tag value not a string', mutate: (g) => void (g.tags.env = 3), paths: ['tags.env'] },
  { title: 'tags not an object', mutate: (g) => void (g.tags = ['env']), paths: ['tags'] },
  // containers
  { title: 'container name in upper case', mutate: (g) => void (web(g).name = 'Web'), paths: ['containers[0].name'] },
  { title: 'container name with a trailing hyphen', mutate: (g) => void (web(g).name = 'web-'), paths: ['containers[0].name'] },
  { title: 'container name of 64 characters', mutate: (g) => void (web(g).name = 'w'.repeat(64)), paths: ['containers[0].name'] },
  { title: 'missing container name', mutate: (g) => void delete web(g).name, paths: ['containers[0].name'] },
  { title: 'duplicate container names', mutate: (g) => void (g.containers[1].name = 'web'), paths: ['containers[1].name'] },
  { title: 'init container named like a container', mutate: (g) => void (g.initContainers[0].name = 'sidecar'), paths: ['initContainers[0].name'] },
  { title: 'missing image', mutate: (g) => void delete web(g).image, paths: ['containers[0].image'] },
  { title: 'empty image', mutate: (g) => void (web(g).image = '  '), paths: ['containers[0].image'] },
  { title: 'init container without an image', mutate: (g) => void delete g.initContainers[0].image, paths: ['initContainers[0].image'] },
  { title: 'command with a number', mutate: (g) => void (g.containers[1].command = ['sleep', 1]), paths: ['containers[1].command[1]'] },
  // resources
  { title: 'missing resources', mutate: (g) => void delete web(g).resources, paths: ['containers[0].resources'] },
  { title: 'missing requests', mutate: (g) => void (web(g).resources = {}), paths: ['containers[0].resources.requests'] },
  { title: 'cpu of 0', mutate: (g) => void (web(g).resources.requests.cpu = 0), paths: ['containers[0].resources.requests.cpu'] },
  { title: 'cpu as a string', mutate: (g) => void (web(g).resources.requests.cpu = '1'), paths: ['containers[0].resources.requests.cpu'] },
  { title: 'cpu NaN', mutate: (g) => void (web(g).resources.requests.cpu = Number.NaN), paths: ['containers[0].resources.requests.cpu'] },
  { title: 'negative memory', mutate: (g) => void (web(g).resources.requests.memoryInGB = -1), paths: ['containers[0].resources.requests.memoryInGB'] },
  { title: 'missing memory', mutate: (g) => void delete web(g).resources.requests.memoryInGB, paths: ['containers[0].resources.requests.memoryInGB'] },
  {
    title: 'cpu above a Standard group',
    mutate: (g) => void (web(g).resources = { requests: { cpu: 32, memoryInGB: 1 } }),
    paths: ['containers[0].resources.requests.cpu'],
  },
  {
    title: 'memory above a Confidential group',
    mutate: (g) => {
      g.sku = 'Confidential';
      web(g).resources = { requests: { cpu: 1, memoryInGB: 200 } };
    },
    paths: ['containers[0].resources.requests.memoryInGB'],
  },
  { title: 'cpu above a Spot group', mutate: (g) => void ((g.priority = 'Spot'), (web(g).resources = { requests: { cpu: 4.5, memoryInGB: 1 } })), paths: ['containers[0].resources.requests.cpu'] },
  {
    title: 'containers summing above the group',
    mutate: (g) => {
      web(g).resources = { requests: { cpu: 20, memoryInGB: 100 } };
      g.containers[1].resources = { requests: { cpu: 20, memoryInGB: 100 } };
    },
    paths: ['containers'],
  },
  { title: 'cpu limit below the request', mutate: (g) => void (web(g).resources.limits.cpu = 0.5), paths: ['containers[0].resources.limits.cpu'] },
  { title: 'memory limit below the request', mutate: (g) => void (web(g).resources.limits.memoryInGB = 1), paths: ['containers[0].resources.limits.memoryInGB'] },
  { title: 'gpu count 0', mutate: (g) => void (web(g).resources.requests.gpu = { count: 0, sku: 'K80' }), paths: ['containers[0].resources.requests.gpu.count'] },
  { title: 'gpu without a sku', mutate: (g) => void (web(g).resources.requests.gpu = { count: 1 }), paths: ['containers[0].resources.requests.gpu.sku'] },
  // ports and the IP address
  { title: 'container port 0', mutate: (g) => void (g.containers[1].ports = [{ port: 0 }]), paths: ['containers[1].ports[0].port'] },
  { title: 'container port 65536', mutate: (g) => void (g.containers[1].ports = [{ port: 65536 }]), paths: ['containers[1].ports[0].port'] },
  { title: 'fractional container port', mutate: (g) => void (g.containers[1].ports = [{ port: 80.5 }]), paths: ['containers[1].ports[0].port'] },
  { title: 'protocol in lower case', mutate: (g) => void (web(g).ports[0].protocol = 'tcp'), paths: ['containers[0].ports[0].protocol'] },
  { title: 'IP address type in lower case', mutate: (g) => void (g.ipAddress.type = 'public'), paths: ['ipAddress.type'] },
  { title: 'IP address without a type', mutate: (g) => void delete g.ipAddress.type, paths: ['ipAddress.type'] },
  { title: 'IP address without ports', mutate: (g) => void delete g.ipAddress.ports, paths: ['ipAddress.ports'] },
  { title: 'IP port exposed by no container', mutate: (g) => void (g.ipAddress.ports = [{ port: 8080 }]), paths: ['ipAddress.ports[0].port'] },
  { title: 'IP port out of range', mutate: (g) => void (g.ipAddress.ports = [{ port: 70000 }]), paths: ['ipAddress.ports[0].port'] },
  { title: 'IP port with an unknown protocol', mutate: (g) => void (g.ipAddress.ports[0].protocol = 'SCTP'), paths: ['ipAddress.ports[0].protocol'] },
  {
    title: 'six ports on the IP address',
    mutate: (g) => {
      web(g).ports = many(6, (i) => ({ port: 80 + i }));
      g.ipAddress.ports = many(6, (i) => ({ port: 80 + i }));
    },
    paths: ['ipAddress.ports'],
  },
  { title: 'DNS name label of 4 characters', mutate: (g) => void (g.ipAddress.dnsNameLabel = 'abcd'), paths: ['ipAddress.dnsNameLabel'] },
  { title: 'DNS name label with a dot', mutate: (g) => void (g.ipAddress.dnsNameLabel = 'my.app'), paths: ['ipAddress.dnsNameLabel'] },
  // volumes and mounts
  { title: 'volume name of 4 characters', mutate: (g) => void g.volumes.push({ name: 'logs', emptyDir: {} }), paths: ['volumes[2].name'] },
  { title: 'volume name in upper case', mutate: (g) => void g.volumes.push({ name: 'Logs-1', emptyDir: {} }), paths: ['volumes[2].name'] },
  { title: 'volume name with consecutive hyphens', mutate: (g) => void g.volumes.push({ name: 'log--s', emptyDir: {} }), paths: ['volumes[2].name'] },
  { title: 'volume name with a leading hyphen', mutate: (g) => void g.volumes.push({ name: '-logs', emptyDir: {} }), paths: ['volumes[2].name'] },
  { title: 'duplicate volume names', mutate: (g) => void g.volumes.push({ name: 'secrets', emptyDir: {} }), paths: ['volumes[2].name'] },
  { title: 'volume of no kind', mutate: (g) => void g.volumes.push({ name: 'empty-one' }), paths: ['volumes[2]'] },
  { title: 'volume of two kinds', mutate: (g) => void (g.volumes[0].secret = {}), paths: ['volumes[0]'] },
  { title: 'volume without a name', mutate: (g) => void g.volumes.push({ emptyDir: {} }), paths: ['volumes[2].name'] },
  { title: '21 volumes', mutate: (g) => void g.volumes.push(...many(19, (i) => ({ name: `extra-${i}`, emptyDir: {} }))), paths: ['volumes'] },
  { title: 'secret file not base64', mutate: (g) => void (g.volumes[1].secret['a.txt'] = 'hello world'), paths: ['volumes[1].secret["a.txt"]'] },
  { title: 'azureFile without a share name', mutate: (g) => void (g.volumes[0] = { name: 'cache-vol', azureFile: { storageAccountName: 'acct' } }), paths: ['volumes[0].azureFile.shareName'] },
  { title: 'gitRepo without a repository', mutate: (g) => void (g.volumes[0] = { name: 'cache-vol', gitRepo: {} }), paths: ['volumes[0].gitRepo.repository'] },
  { title: 'mount of an undeclared volume', mutate: (g) => void (web(g).volumeMounts[0].name = 'nowhere'), paths: ['containers[0].volumeMounts[0].name'] },
  { title: 'init mount of an undeclared volume', mutate: (g) => void (g.initContainers[0].volumeMounts[0].name = 'nowhere'), paths: ['initContainers[0].volumeMounts[0].name'] },
  { title: 'mount path with a colon', mutate: (g) => void (web(g).volumeMounts[0].mountPath = 'C:/cache'), paths: ['containers[0].volumeMounts[0].mountPath'] },
  { title: 'missing mount path', mutate: (g) => void delete web(g).volumeMounts[1].mountPath, paths: ['containers[0].volumeMounts[1].mountPath'] },
  { title: 'empty mount path', mutate: (g) => void (web(g).volumeMounts[1].mountPath = ''), paths: ['containers[0].volumeMounts[1].mountPath'] },
  // environment variables
  { title: 'variable name with a leading underscore', mutate: (g) => void (web(g).environmentVariables[0].name = '_MODE'), paths: ['containers[0].environmentVariables[0].name'] },
  { title: 'variable name with a trailing underscore', mutate: (g) => void (web(g).environmentVariables[0].name = 'MODE_'), paths: ['containers[0].environmentVariables[0].name'] },
  { title: 'variable name with a hyphen', mutate: (g) => void (web(g).environmentVariables[0].name = 'MY-MODE'), paths: ['containers[0].environmentVariables[0].name'] },
  { title: 'variable name of 64 characters', mutate: (g) => void (web(g).environmentVariables[0].name = 'V'.repeat(64)), paths: ['containers[0].environmentVariables[0].name'] },
  { title: 'empty variable name', mutate: (g) => void (web(g).environmentVariables[0].name = ''), paths: ['containers[0].environmentVariables[0].name'] },
  { title: 'duplicate variable names', mutate: (g) => void (web(g).environmentVariables[1].name = 'MODE'), paths: ['containers[0].environmentVariables[1].name'] },
  { title: 'variable with value and secureValue', mutate: (g) => void (web(g).environmentVariables[0].secureValue = 'y'), paths: ['containers[0].environmentVariables[0]'] },
  { title: 'secure value not a string', mutate: (g) => void (web(g).environmentVariables[1].secureValue = 123456), paths: ['containers[0].environmentVariables[1].secureValue'] },
  { title: 'environment variables not a list', mutate: (g) => void (web(g).environmentVariables = { MODE: 'x' }), paths: ['containers[0].environmentVariables'] },
  // other sections
  { title: 'registry credential without a server', mutate: (g) => void (g.imageRegistryCredentials = [{ username: 'u', password: 'p' }]), paths: ['imageRegistryCredentials[0].server'] },
  { title: 'log analytics without a workspace key', mutate: (g) => void (g.diagnostics = { logAnalytics: { workspaceId: 'w' } }), paths: ['diagnostics.logAnalytics.workspaceKey'] },
  { title: 'probe on a fractional port', mutate: (g) => void (web(g).livenessProbe = { httpGet: { port: 1.5 } }), paths: ['containers[0].livenessProbe.httpGet.port'] },
];

describe('validateContainerGroup', () => {
  it('finds nothing wrong with a good group', () => {
    expect(validateContainerGroup(NAME, goodGroup())).toEqual([]);
  });

  it.each(badCases)('$title → $paths', ({ mutate, name, paths }) => {
    let group: unknown = goodGroup();
    const replaced = mutate?.(group);
    if (replaced !== undefined) group = replaced;
    const problems = validateContainerGroup((name ?? NAME) as string, group);
    expect(problems.map((p) => p.path)).toEqual(paths);
    for (const p of problems) {
      expect(p.message).toMatch(/^\S.*\S$/);
      expect(p.message).not.toMatch(/\n|\.$/);
    }
  });

  it('has at least 30 distinct bad inputs', () => {
    expect(new Set(badCases.map((c) => c.title)).size).toBe(badCases.length);
    expect(badCases.length).toBeGreaterThanOrEqual(30);
  });

  it('reports every problem at once', () => {
    const g: Loose = goodGroup();
    web(g).name = 'Web';
    web(g).resources.requests.cpu = 0;
    g.osType = 'Solaris';
    g.volumes[1].secret['a.txt'] = '!!';
    expect(validateContainerGroup('bad--name', g).map((p) => p.path).sort()).toEqual(
      ['containers[0].name', 'containers[0].resources.requests.cpu', 'name', 'osType', 'volumes[1].secret["a.txt"]'].sort(),
    );
  });

  it('says what is wrong in one sentence', () => {
    const g: Loose = goodGroup();
    g.restartPolicy = 'always';
    delete web(g).image;
    web(g).resources.limits.cpu = 0.5;
    g.ipAddress.ports = [{ port: 8080 }];
    expect(validateContainerGroup(NAME, g)).toEqual([
      { path: 'containers[0].image', message: 'image is required' },
      { path: 'restartPolicy', message: 'restartPolicy must be written "Always" (values are case-sensitive)' },
      { path: 'containers[0].resources.limits.cpu', message: 'the cpu limit (0.5) must not be below the cpu request (1)' },
      { path: 'ipAddress.ports[0].port', message: "port 8080 is not exposed by any container; add it to a container's ports" },
    ]);
  });

  it('never echoes a secret value', () => {
    const g: Loose = goodGroup();
    web(g).environmentVariables[1].secureValue = ['hunter2-secret'];
    g.volumes[1].secret['a.txt'] = 'hunter2 secret!';
    g.imageRegistryCredentials = [{ server: 'r.example', password: { hunter2: true } }];
    const text = JSON.stringify(validateContainerGroup(NAME, g));
    expect(text).not.toContain('hunter2');
    expect(text).toContain('secureValue must be a string, not an array');
  });

  it.each([
    ['a mixed-case group name (the real service accepted one)', (g: Loose) => g, 'mycontainerGroupxxx'],
    ['a container name with consecutive hyphens (the docs allow them)', (g: Loose) => void (web(g).name = 'my--web'), NAME],
    ['a variable name starting with a digit (the docs allow it)', (g: Loose) => void (web(g).environmentVariables[0].name = '1MODE'), NAME],
    ['a relative mount path (the real service accepted one)', (g: Loose) => void (web(g).volumeMounts[0].mountPath = 'mnt/mydir'), NAME],
    ['a 31-CPU, 240-GB container in a Standard group', (g: Loose) => void (web(g).resources = { requests: { cpu: 30.5, memoryInGB: 239.5 } }), NAME],
    ['60 containers', (g: Loose) => void ((g.containers = many(60, smallContainer)), delete g.ipAddress, delete g.initContainers), NAME],
    ['a group without optional sections', () => ({ osType: 'Windows', containers: [smallContainer(1)] }), 'g'],
    ['a GPU request', (g: Loose) => void (web(g).resources.requests.gpu = { count: 1, sku: 'K80' }), NAME],
    ['unknown keys from a newer service version', (g: Loose) => void ((g.isCreatedFromStandbyPool = false), (web(g).configMap = {})), NAME],
    ['read-only fields with Dates', (g: Loose) => void (web(g).instanceView = { currentState: { state: 'Running', startTime: new Date() } }), NAME],
    ['an empty secret file', (g: Loose) => void (g.volumes[1].secret['empty'] = ''), NAME],
  ])('accepts %s', (_title, mutate, name) => {
    let group: unknown = goodGroup();
    const replaced = mutate(group as Loose);
    if (replaced !== undefined) group = replaced;
    expect(validateContainerGroup(name, group)).toEqual([]);
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Loose = goodGroup();
    web(cyclic).self = cyclic;
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    const inputs: unknown[] = [undefined, null, 0, 'x', true, [], [null], Symbol('s'), () => 1, new Date(), new Map(), cyclic, throwing];
    inputs.push({ containers: [null, 1, 'x', [], { resources: null, ports: 'x', volumeMounts: [null], environmentVariables: [1] }] });
    inputs.push({ containers: [{ resources: { requests: { gpu: [] }, limits: 5 } }], volumes: [null, { secret: 'x' }], ipAddress: { ports: [null, { port: 'x' }] } });
    for (const input of inputs) {
      expect(() => validateContainerGroup(NAME, input)).not.toThrow();
      expect(validateContainerGroup(undefined as unknown as string, input).length).toBeGreaterThan(0);
    }
  });
});

describe('assertValidContainerGroup', () => {
  it('passes a good group', () => {
    expect(() => assertValidContainerGroup(NAME, goodGroup())).not.toThrow();
  });

  it('throws InvalidContainerGroupError listing every problem', () => {
    const g: Loose = goodGroup();
    delete g.osType;
    web(g).name = 'WEB';
    let error: unknown;
    try {
      assertValidContainerGroup('web', g);
    } catch (e) {
      error = e;
    }
    expect(isContainerHookError(error, 'InvalidContainerGroup')).toBe(true);
    expect((error as InvalidContainerGroupError).problems.map((p) => p.path)).toEqual(['osType', 'containers[0].name']);
    expect((error as Error).message).toContain('container group "web" is invalid: osType: osType is required (and 1 more problem); fix the definition and try again');
  });
});

describe('real bodies', () => {
  it('accepts the spec example ContainerGroupsCreateOrUpdate (mapped from the wire shape)', () => {
    const example = readJson('aci-spec/2026-05-01/examples/ContainerGroupsCreateOrUpdate.json');
    const group = fromArmContainerGroup(example.parameters.containerGroup as ArmContainerGroup);
    expect(validateContainerGroup(example.parameters.containerGroupName, group)).toEqual([]);
  });

  it('accepts the spec example ContainerGroupsGet_Succeeded (a GET body, secrets hidden)', () => {
    const example = readJson('aci-spec/2026-05-01/examples/ContainerGroupsGet_Succeeded.json');
    const group = fromArmContainerGroup(example.responses['200'].body as ArmContainerGroup);
    expect(validateContainerGroup(example.parameters.containerGroupName, group)).toEqual([]);
  });

  const recordings = readdirSync(new URL('aci-recordings/', shared), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `aci-recordings/${d.name}/recording_containergroups_create_test.json`)
    .filter((file) => readdirSync(new URL(file.replace(/[^/]+$/, ''), shared)).includes('recording_containergroups_create_test.json'));

  it('finds the recorded create sessions', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(2);
  });

  it.each(recordings)('accepts the request body recorded in %s', (file) => {
    const put = readJson(file).Entries.find((e: Loose) => e.RequestMethod === 'PUT');
    const name = decodeURIComponent(new URL(put.RequestUri).pathname.split('/').at(-1)!);
    expect(name).toBe('mycontainerGroupxxx');
    expect(validateContainerGroup(name, fromArmContainerGroup(put.RequestBody))).toEqual([]);
  });
});
