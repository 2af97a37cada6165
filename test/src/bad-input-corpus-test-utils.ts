/**
 * Test-only: a corpus of malformed container groups and names, for `bad-input.engine.test.ts`. Each case is
 * a (name, body) pair the core validator rejects; `pathHas` says why it is invalid (a fragment that at least
 * one problem's path contains). Bodies are of any shape on purpose (`unknown`): the hooks must refuse them
 * with `InvalidContainerGroup`, never crash on them.
 */
export const BAD_INPUT_IMAGE = 'container-hook/busybox:local';

export interface BadGroupCase {
  title: string;
  name: string;
  group: unknown;
  pathHas: string;
  /**
   * Why the emulator's raw HTTP API is not asked (the case cannot be said on the wire), if it is not.
   * Everything else is PUT as JSON and must get the same paths.
   */
  notOnTheWire?: string;
}

type Rec = Record<string, unknown>;

const GOOD_NAME = 'bad-input';

function container(name = 'main', extra: Rec = {}): Rec {
  return { name, image: BAD_INPUT_IMAGE, command: ['sh', '-c', 'echo should-never-run'], resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } }, ...extra };
}

function group(containers: unknown = [container()], extra: Rec = {}): Rec {
  return { osType: 'Linux', restartPolicy: 'Never', containers, ...extra };
}

function withRequests(requests: Rec, extra: Rec = {}): Rec {
  return group([container('main', { resources: { requests }, ...extra })]);
}

function without(obj: Rec, key: string): Rec {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

/** A name unique to the case (the corpus is used once per run; the test suffixes names with the run id). */
export function badGroupCases(): BadGroupCase[] {
  const cases: BadGroupCase[] = [
    // Group names.
    { title: 'group name with upper case and an underscore', name: 'Bad_Name', group: group(), pathHas: 'name' },
    { title: 'group name of 64 characters', name: `a${'b'.repeat(63)}`, group: group(), pathHas: 'name' },
    { title: 'group name with a leading hyphen', name: '-leading', group: group(), pathHas: 'name' },
    { title: 'group name with a trailing hyphen', name: 'trailing-', group: group(), pathHas: 'name' },
    { title: 'group name with two hyphens in a row', name: 'double--hyphen', group: group(), pathHas: 'name' },
    { title: 'group name with a dot', name: 'name.with.dot', group: group(), pathHas: 'name' },
    { title: 'group name with a space', name: 'name with space', group: group(), pathHas: 'name' },
    { title: 'empty group name', name: '', group: group(), pathHas: 'name', notOnTheWire: 'an empty name is no resource URL: PUT …/containerGroups/ is a different route' },
    // Container names.
    { title: 'container name with upper case', name: GOOD_NAME, group: group([container('Main')]), pathHas: 'containers[0].name' },
    { title: 'container name with an underscore', name: GOOD_NAME, group: group([container('bad_container')]), pathHas: 'containers[0].name' },
    { title: 'container name with a leading hyphen', name: GOOD_NAME, group: group([container('-c')]), pathHas: 'containers[0].name' },
    { title: 'container name of 64 characters', name: GOOD_NAME, group: group([container('c'.repeat(64))]), pathHas: 'containers[0].name' },
    { title: 'empty container name', name: GOOD_NAME, group: group([container('')]), pathHas: 'containers[0].name' },
    { title: 'container name that is a number', name: GOOD_NAME, group: group([container(7 as unknown as string)]), pathHas: 'containers[0].name' },
    { title: 'duplicate container names', name: GOOD_NAME, group: group([container('twin'), container('twin')]), pathHas: 'containers' },
    // Image.
    { title: 'a container without an image', name: GOOD_NAME, group: group([without(container(), 'image')]), pathHas: 'image' },
    { title: 'an image that is a number', name: GOOD_NAME, group: group([container('main', { image: 42 })]), pathHas: 'image' },
    // CPU.
    { title: 'cpu 0', name: GOOD_NAME, group: withRequests({ cpu: 0, memoryInGB: 0.5 }), pathHas: 'cpu' },
    { title: 'cpu -1', name: GOOD_NAME, group: withRequests({ cpu: -1, memoryInGB: 0.5 }), pathHas: 'cpu' },
    { title: 'cpu NaN', name: GOOD_NAME, group: withRequests({ cpu: Number.NaN, memoryInGB: 0.5 }), pathHas: 'cpu' },
    { title: 'cpu Infinity', name: GOOD_NAME, group: withRequests({ cpu: Number.POSITIVE_INFINITY, memoryInGB: 0.5 }), pathHas: 'cpu' },
    { title: 'cpu 32 (more than a group can have)', name: GOOD_NAME, group: withRequests({ cpu: 32, memoryInGB: 0.5 }), pathHas: 'cpu' },
    { title: 'cpu as a string', name: GOOD_NAME, group: withRequests({ cpu: '1', memoryInGB: 0.5 }), pathHas: 'cpu' },
    { title: 'cpu missing', name: GOOD_NAME, group: withRequests({ memoryInGB: 0.5 }), pathHas: 'cpu' },
    {
      title: 'two containers of 16 CPUs (31 in total at most)',
      name: GOOD_NAME,
      group: group([container('a', { resources: { requests: { cpu: 16, memoryInGB: 1 } } }), container('b', { resources: { requests: { cpu: 16, memoryInGB: 1 } } })]),
      pathHas: 'containers',
    },
    { title: 'a Spot group with 5 CPUs', name: GOOD_NAME, group: { ...withRequests({ cpu: 5, memoryInGB: 1 }), priority: 'Spot' }, pathHas: 'cpu' },
    // Memory.
    { title: 'memory 0', name: GOOD_NAME, group: withRequests({ cpu: 1, memoryInGB: 0 }), pathHas: 'memoryInGB' },
    { title: 'memory -0.5', name: GOOD_NAME, group: withRequests({ cpu: 1, memoryInGB: -0.5 }), pathHas: 'memoryInGB' },
    { title: 'memory 241 GB', name: GOOD_NAME, group: withRequests({ cpu: 1, memoryInGB: 241 }), pathHas: 'memoryInGB' },
    {
      title: 'a memory limit below the request',
      name: GOOD_NAME,
      group: group([container('main', { resources: { requests: { cpu: 1, memoryInGB: 2 }, limits: { memoryInGB: 1 } } })]),
      pathHas: 'limits.memoryInGB',
    },
    { title: 'no resources at all', name: GOOD_NAME, group: group([without(container(), 'resources')]), pathHas: 'resources' },
    {
      title: 'a GPU count of 0',
      name: GOOD_NAME,
      group: group([container('main', { resources: { requests: { cpu: 1, memoryInGB: 1, gpu: { count: 0, sku: 'V100' } } } })]),
      pathHas: 'gpu.count',
    },
    // Volumes.
    {
      title: 'a volume mount naming an undeclared volume',
      name: GOOD_NAME,
      group: group([container('main', { volumeMounts: [{ name: 'no-such-volume', mountPath: '/data' }] })]),
      pathHas: 'volumeMounts',
    },
    {
      title: 'a volume name of 1 character',
      name: GOOD_NAME,
      group: group([container('main', { volumeMounts: [{ name: 'v', mountPath: '/data' }] })], { volumes: [{ name: 'v', emptyDir: {} }] }),
      pathHas: 'volumes[0].name',
    },
    // Ports and IP address.
    { title: 'container port 70000', name: GOOD_NAME, group: group([container('main', { ports: [{ port: 70000 }] })]), pathHas: 'ports[0].port' },
    { title: 'container port 0', name: GOOD_NAME, group: group([container('main', { ports: [{ port: 0 }] })]), pathHas: 'ports[0].port' },
    { title: 'container port 80.5', name: GOOD_NAME, group: group([container('main', { ports: [{ port: 80.5 }] })]), pathHas: 'ports[0].port' },
    { title: 'port protocol "SCTP"', name: GOOD_NAME, group: group([container('main', { ports: [{ port: 80, protocol: 'SCTP' }] })]), pathHas: 'protocol' },
    {
      title: 'a group port no container exposes',
      name: GOOD_NAME,
      group: group([container('main', { ports: [{ port: 80 }] })], { ipAddress: { type: 'Public', ports: [{ port: 81 }] } }),
      pathHas: 'ipAddress.ports',
    },
    {
      title: 'six group ports (five at most)',
      name: GOOD_NAME,
      group: group([container('main', { ports: [1, 2, 3, 4, 5, 6].map((p) => ({ port: 8000 + p })) })], {
        ipAddress: { type: 'Public', ports: [1, 2, 3, 4, 5, 6].map((p) => ({ port: 8000 + p })) },
      }),
      pathHas: 'ipAddress.ports',
    },
    {
      title: 'a DNS name label of 2 characters',
      name: GOOD_NAME,
      group: group([container('main', { ports: [{ port: 80 }] })], { ipAddress: { type: 'Public', ports: [{ port: 80 }], dnsNameLabel: 'ab' } }),
      pathHas: 'dnsNameLabel',
    },
    // Restart policy, OS, priority.
    { title: 'restartPolicy "Sometimes"', name: GOOD_NAME, group: group(undefined, { restartPolicy: 'Sometimes' }), pathHas: 'restartPolicy' },
    { title: 'restartPolicy "never" (wrong case)', name: GOOD_NAME, group: group(undefined, { restartPolicy: 'never' }), pathHas: 'restartPolicy' },
    { title: 'osType "Plan9"', name: GOOD_NAME, group: group(undefined, { osType: 'Plan9' }), pathHas: 'osType' },
    { title: 'no osType', name: GOOD_NAME, group: without(group(), 'osType'), pathHas: 'osType' },
    { title: 'priority "Cheap"', name: GOOD_NAME, group: group(undefined, { priority: 'Cheap' }), pathHas: 'priority' },
    // Environment variables.
    { title: 'an environment variable name with a hyphen', name: GOOD_NAME, group: group([container('main', { environmentVariables: [{ name: 'BAD-NAME', value: '1' }] })]), pathHas: 'environmentVariables[0].name' },
    { title: 'an environment variable name with a leading underscore', name: GOOD_NAME, group: group([container('main', { environmentVariables: [{ name: '_X', value: '1' }] })]), pathHas: 'environmentVariables[0].name' },
    { title: 'an empty environment variable name', name: GOOD_NAME, group: group([container('main', { environmentVariables: [{ name: '', value: '1' }] })]), pathHas: 'environmentVariables[0].name' },
    { title: 'a variable with value and secureValue', name: GOOD_NAME, group: group([container('main', { environmentVariables: [{ name: 'BOTH', value: '1', secureValue: '2' }] })]), pathHas: 'environmentVariables[0]' },
    {
      title: 'duplicate environment variable names',
      name: GOOD_NAME,
      group: group([container('main', { environmentVariables: [{ name: 'SAME', value: '1' }, { name: 'SAME', value: '2' }] })]),
      pathHas: 'environmentVariables[1].name',
    },
    { title: 'a variable without a name', name: GOOD_NAME, group: group([container('main', { environmentVariables: [{ value: '1' }] })]), pathHas: 'environmentVariables[0]' },
    // Shapes.
    { title: 'the body null', name: GOOD_NAME, group: null, pathHas: '' },
    { title: 'the body an array', name: GOOD_NAME, group: [group()], pathHas: '' },
    { title: 'the body a string', name: GOOD_NAME, group: 'a group', pathHas: '' },
    { title: 'the body a number', name: GOOD_NAME, group: 42, pathHas: '' },
    { title: 'containers a string', name: GOOD_NAME, group: group('main'), pathHas: 'containers' },
    { title: 'containers an object', name: GOOD_NAME, group: group({ main: container() }), pathHas: 'containers' },
    { title: 'containers empty', name: GOOD_NAME, group: group([]), pathHas: 'containers' },
    { title: 'containers missing', name: GOOD_NAME, group: without(group(), 'containers'), pathHas: 'containers' },
    { title: 'a container that is null', name: GOOD_NAME, group: group([null]), pathHas: 'containers[0]' },
    { title: 'a command that is a string', name: GOOD_NAME, group: group([container('main', { command: 'echo hi' })]), pathHas: 'command' },
    { title: 'a tag value that is a number', name: GOOD_NAME, group: group(undefined, { tags: { team: 7 } }), pathHas: 'tags' },
  ];
  return cases;
}

/** A valid group body (the CLI's `--file` cases start from it). */
export function validBadInputGroup(): Rec {
  return group();
}
