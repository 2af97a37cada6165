import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromArmContainerGroup, reviveContainerGroupDates, toArmContainerGroup, toArmPath, type ArmContainerGroup } from './arm-mapping.js';
import type { ContainerGroup } from './model.js';

// Shared data sits beside the repository (`../shared`), never copied into it.
const shared = new URL('../../../../shared/', import.meta.url);
const readJson = (relative: string): any => JSON.parse(readFileSync(new URL(relative, shared), 'utf8'));

const TIMESTAMPS = new Set(['startTime', 'finishTime', 'firstTimestamp', 'lastTimestamp']);

/** The body as it comes back from a round trip: timestamps in `toISOString` form, only ARM envelope keys. */
function expectedWire(body: any): any {
  const normalise = (value: any, inView: boolean): any => {
    if (Array.isArray(value)) return value.map((v) => normalise(v, inView));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        inView && TIMESTAMPS.has(k) && typeof v === 'string' ? new Date(v).toISOString() : normalise(v, inView || k === 'instanceView'),
      ]),
    );
  };
  const envelope = ['id', 'name', 'type', 'location', 'tags', 'zones', 'identity', 'properties'];
  return normalise(Object.fromEntries(Object.entries(body).filter(([k]) => envelope.includes(k))), false);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const examples = ['ContainerGroupsGet_Succeeded.json', 'ContainerGroupsGet_Failed.json', 'ContainerGroupsCreateOrUpdate.json'];

/** Every container-group body in the spec examples above and in the recordings, with where it came from. */
function realBodies(): [string, ArmContainerGroup][] {
  const bodies: [string, ArmContainerGroup][] = [];
  for (const file of examples) {
    const example = readJson(`aci-spec/2026-05-01/examples/${file}`);
    if (example.parameters.containerGroup) bodies.push([`${file} request`, example.parameters.containerGroup]);
    for (const [status, response] of Object.entries<any>(example.responses)) bodies.push([`${file} ${status}`, response.body]);
  }
  for (const dir of readdirSync(new URL('aci-recordings/', shared), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(new URL(`aci-recordings/${dir.name}/`, shared)).filter((f) => f.endsWith('.json'))) {
      readJson(`aci-recordings/${dir.name}/${file}`).Entries.forEach((entry: any, i: number) => {
        for (const [side, body] of [
          ['request', entry.RequestBody],
          ['response', entry.ResponseBody],
        ] as const) {
          const items = Array.isArray(body?.value) ? body.value : [body];
          items.forEach((item: any, j: number) => {
            if (item?.properties?.containers) bodies.push([`${dir.name}/${file} #${i} ${side}${items.length > 1 ? ` [${j}]` : ''}`, item]);
          });
        }
      });
    }
  }
  return bodies;
}

describe('fromArmContainerGroup / toArmContainerGroup over real bodies', () => {
  const bodies = realBodies();

  it('finds the spec examples and the recorded bodies', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(12);
  });

  it.each(bodies)('round-trips %s', (_source, body) => {
    deepFreeze(body);
    const group = fromArmContainerGroup(body);
    expect(group.containers.length).toBeGreaterThan(0);
    expect(typeof group.containers[0]!.image).toBe('string');
    expect(toArmContainerGroup(group)).toEqual(expectedWire(body));
    // and back again, to the same model
    expect(fromArmContainerGroup(toArmContainerGroup(group))).toEqual(group);
  });
});

describe('fromArmContainerGroup', () => {
  it('flattens a GET body, keeps id/name/type and turns timestamps into Dates', () => {
    const body = readJson('aci-spec/2026-05-01/examples/ContainerGroupsGet_Failed.json').responses['200'].body;
    const group = fromArmContainerGroup(body);
    expect(group).toMatchObject({
      id: '/subscriptions/subid/resourceGroups/demo/providers/Microsoft.ContainerInstance/containerGroups/demo1',
      name: 'demo1',
      type: 'Microsoft.ContainerInstance/containerGroups',
      location: 'WestUs',
      osType: 'Linux',
      provisioningState: 'Failed',
      instanceView: { state: 'Pending' },
      ipAddress: { type: 'Public', ip: '10.0.0.1', ports: [{ port: 80, protocol: 'TCP' }] },
    });
    const [container] = group.containers;
    expect(container).toMatchObject({ name: 'demo1', image: 'nginx', resources: { requests: { cpu: 1, memoryInGB: 1.5 } } });
    expect(container).not.toHaveProperty('properties');
    expect(container!.instanceView!.currentState!.startTime).toEqual(new Date('2017-08-08T00:09:10Z'));
    expect(container!.instanceView!.events![1]!.lastTimestamp).toEqual(new Date('2017-08-08T00:09:10Z'));
    expect(group.instanceView!.events![0]!.firstTimestamp).toEqual(new Date(Date.UTC(2017, 9, 8, 0, 19, 10)));
  });

  it('keeps properties the model does not declare, such as the real service adds', () => {
    const put = readJson('aci-recordings/sdk-9.1.0_api-2023-05-01/recording_containergroups_create_test.json').Entries[0];
    const group = fromArmContainerGroup(put.ResponseBody) as ContainerGroup & Record<string, unknown>;
    expect(group.provisioningTimeoutInSeconds).toBe(1800);
    expect(group.sku).toBe('Standard');
    expect(group.identity).toEqual({ principalId: '7544080d-8c4b-4b7f-99d3-cf8f0148ca3f', tenantId: '88888888-8888-8888-8888-888888888888', type: 'SystemAssigned' });
    expect(group.initContainers).toEqual([]);
  });

  it('leaves envelope keys outside the ARM resource out, and keeps unparseable timestamps as they are', () => {
    const group = fromArmContainerGroup({
      name: 'g',
      systemData: { createdBy: 'someone' },
      properties: {
        containers: [{ name: 'c', properties: { image: 'i', instanceView: { currentState: { startTime: 'soon' } } } }],
      },
    } as unknown as ArmContainerGroup);
    expect(group).toEqual({ name: 'g', containers: [{ name: 'c', image: 'i', instanceView: { currentState: { startTime: 'soon' } } }] });
  });

  it('gives a group without containers for a body without properties, and refuses a non-object', () => {
    expect(fromArmContainerGroup({ name: 'g' } as unknown as ArmContainerGroup)).toEqual({ name: 'g' });
    expect(() => fromArmContainerGroup(null as unknown as ArmContainerGroup)).toThrow(TypeError);
    expect(() => fromArmContainerGroup([] as unknown as ArmContainerGroup)).toThrow(TypeError);
  });
});

describe('toArmContainerGroup', () => {
  it('nests properties, writes Dates as ISO strings and leaves undefined out', () => {
    const group: ContainerGroup = deepFreeze({
      name: 'web',
      location: 'eastus',
      tags: { env: 'test' },
      osType: 'Linux',
      restartPolicy: undefined,
      containers: [
        {
          name: 'web',
          image: 'nginx',
          resources: { requests: { cpu: 1, memoryInGB: 1 } },
          instanceView: { restartCount: 0, currentState: { state: 'Running', startTime: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) } },
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox' }],
      instanceView: { state: 'Running', events: [{ name: 'Started', firstTimestamp: new Date(0) }] },
    });
    const body = toArmContainerGroup(group);
    expect(body).toEqual({
      name: 'web',
      location: 'eastus',
      tags: { env: 'test' },
      properties: {
        osType: 'Linux',
        containers: [
          {
            name: 'web',
            properties: {
              image: 'nginx',
              resources: { requests: { cpu: 1, memoryInGB: 1 } },
              instanceView: { restartCount: 0, currentState: { state: 'Running', startTime: '2024-01-02T03:04:05.000Z' } },
            },
          },
        ],
        initContainers: [{ name: 'init', properties: { image: 'busybox' } }],
        instanceView: { state: 'Running', events: [{ name: 'Started', firstTimestamp: '1970-01-01T00:00:00.000Z' }] },
      },
    });
    expect(Object.keys(body.properties)).not.toContain('restartPolicy');
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it('shares no objects with its input', () => {
    const group: ContainerGroup = { osType: 'Linux', tags: { a: 'b' }, containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: 1, memoryInGB: 1 } } }] };
    const body = toArmContainerGroup(group);
    body.tags!.a = 'changed';
    (body.properties.containers[0]!.properties.resources as any).requests.cpu = 2;
    expect(group.tags!.a).toBe('b');
    expect(group.containers[0]!.resources.requests.cpu).toBe(1);
  });
});

describe('reviveContainerGroupDates', () => {
  it('turns instance-view timestamps of a model read from JSON into Dates, and nothing else', () => {
    const model = { osType: 'Linux', tags: { startTime: '2024-01-01T00:00:00Z' }, containers: [{ name: 'c', instanceView: { currentState: { finishTime: '2024-01-01T00:00:00Z' } } }] };
    expect(reviveContainerGroupDates(model)).toEqual({
      osType: 'Linux',
      tags: { startTime: '2024-01-01T00:00:00Z' },
      containers: [{ name: 'c', instanceView: { currentState: { finishTime: new Date('2024-01-01T00:00:00Z') } } }],
    });
  });
});

describe('toArmPath', () => {
  it.each([
    ['', ''],
    ['name', 'name'],
    ['location', 'location'],
    ['tags.env', 'tags.env'],
    ['identity.type', 'identity.type'],
    ['osType', 'properties.osType'],
    ['ipAddress.ports[0].port', 'properties.ipAddress.ports[0].port'],
    ['volumes[1].secret["a.txt"]', 'properties.volumes[1].secret["a.txt"]'],
    ['containers', 'properties.containers'],
    ['containers[0]', 'properties.containers[0]'],
    ['containers[0].name', 'properties.containers[0].name'],
    ['containers[0].image', 'properties.containers[0].properties.image'],
    ['containers[2].resources.requests.cpu', 'properties.containers[2].properties.resources.requests.cpu'],
    ['initContainers[0].environmentVariables[1].name', 'properties.initContainers[0].properties.environmentVariables[1].name'],
  ])('%s → %s', (path, arm) => {
    expect(toArmPath(path)).toBe(arm);
  });
});
