import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalizeArmBody, fromAzContainerYaml, toAzContainerYaml } from './az-yaml.js';
import { InvalidContainerGroupError } from './errors.js';
import type { ContainerGroup } from './model.js';
import { validateContainerGroup } from './validation/index.js';

// Written the way Microsoft Learn's examples write it: `memoryInGb`, lower-case `tcp`, an unquoted apiVersion.
const docsStyle = `apiVersion: 2019-12-01
location: eastus
name: myContainerGroup
properties:
  containers:
  - name: app
    properties:
      image: mcr.microsoft.com/azuredocs/aci-helloworld:latest
      resources:
        requests:
          cpu: 1
          memoryInGb: 1.5
      ports:
      - port: 80
      - port: 8080
      environmentVariables:
      - name: MODE
        value: "on"
      - name: TOKEN
        secureValue: s3cret
      volumeMounts:
      - name: secret-files
        mountPath: /mnt/secrets
  - name: sidecar
    properties:
      image: mcr.microsoft.com/azuredocs/aci-tutorial-sidecar
      command: [sh, -c, "sleep 3600"]
      resources:
        requests:
          cpu: 0.5
          memoryInGb: 0.5
  osType: linux
  restartPolicy: onfailure
  ipAddress:
    type: public
    dnsNameLabel: my-app-label
    ports:
    - protocol: tcp
      port: 80
    - protocol: TCP
      port: 8080
  volumes:
  - name: secret-files
    secret:
      MemoryInGb.txt: aGVsbG8=
  imageRegistryCredentials:
  - server: myregistry.azurecr.io
    username: me
    password: pw
tags: {exampleTag: tutorial, OsType: keep-me}
type: Microsoft.ContainerInstance/containerGroups
`;

function sampleGroup(): ContainerGroup {
  return {
    location: 'westeurope',
    tags: { team: 'data', on: 'yes' },
    zones: ['1'],
    identity: { type: 'UserAssigned', userAssignedIdentities: { '/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1': {} } },
    osType: 'Linux',
    restartPolicy: 'Never',
    sku: 'Standard',
    containers: [
      {
        name: 'job',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo "hi: there" && exit 0'],
        resources: { requests: { cpu: 1, memoryInGB: 1.5 }, limits: { cpu: 2, memoryInGB: 3 } },
        ports: [{ port: 8080, protocol: 'TCP' }],
        environmentVariables: [
          { name: 'FLAG', value: 'no' },
          { name: 'OCTAL', value: '0755' },
          { name: 'DATE', value: '2023-05-01' },
          { name: 'EMPTY', value: '' },
          { name: 'PASSWORD', secureValue: 'p@ss: word' },
        ],
        volumeMounts: [{ name: 'work-dir', mountPath: '/work' }],
      },
    ],
    initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'], volumeMounts: [{ name: 'work-dir', mountPath: '/work' }] }],
    ipAddress: { type: 'Public', ports: [{ port: 8080, protocol: 'TCP' }], dnsNameLabel: 'job-label' },
    volumes: [{ name: 'work-dir', emptyDir: {} }],
  };
}

describe('fromAzContainerYaml', () => {
  it('reads the az file the way ARM does: property names and enumeration values case-insensitively', () => {
    const { name, group } = fromAzContainerYaml(docsStyle);
    expect(name).toBe('myContainerGroup');
    expect(group).toMatchObject({
      name: 'myContainerGroup',
      type: 'Microsoft.ContainerInstance/containerGroups',
      location: 'eastus',
      osType: 'Linux',
      restartPolicy: 'OnFailure',
      ipAddress: { type: 'Public', dnsNameLabel: 'my-app-label', ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 8080 }] },
      tags: { exampleTag: 'tutorial', OsType: 'keep-me' },
      volumes: [{ name: 'secret-files', secret: { 'MemoryInGb.txt': 'aGVsbG8=' } }],
      imageRegistryCredentials: [{ server: 'myregistry.azurecr.io', username: 'me', password: 'pw' }],
    });
    expect(group.containers[0]).toMatchObject({
      name: 'app',
      image: 'mcr.microsoft.com/azuredocs/aci-helloworld:latest',
      resources: { requests: { cpu: 1, memoryInGB: 1.5 } },
      environmentVariables: [
        { name: 'MODE', value: 'on' },
        { name: 'TOKEN', secureValue: 's3cret' },
      ],
    });
    expect(group.containers[1]!.command).toEqual(['sh', '-c', 'sleep 3600']);
    expect(group).not.toHaveProperty('apiVersion');
    expect(validateContainerGroup(name!, group)).toEqual([]);
  });

  it('gives no name when the file has none', () => {
    const { name, group } = fromAzContainerYaml('apiVersion: "2023-05-01"\nproperties:\n  osType: Linux\n  containers: []\n');
    expect(name).toBeUndefined();
    expect(group).toEqual({ osType: 'Linux', containers: [] });
  });

  it('prefers a key spelled exactly over a differently-cased duplicate', () => {
    expect(canonicalizeArmBody({ properties: { OSTYPE: 'Windows', osType: 'Linux' } })).toEqual({ properties: { osType: 'Linux' } });
  });

  it.each([
    ['broken YAML', 'name: x\n  properties: [\npassword: hunter2\n', /^the text is not valid YAML at line \d+, column \d+ \([A-Z_]+\)$/],
    ['a duplicate key', 'name: a\nname: hunter2\nproperties: {}\n', /^the text is not valid YAML at line 2, column 1 \(DUPLICATE_KEY\)$/],
    ['a list', '- hunter2\n', /must be a mapping with apiVersion, name, location and a properties mapping/],
    ['a mapping without properties', 'apiVersion: x\nname: hunter2\n', /must be a mapping/],
    ['an empty text', '', /must be a mapping/],
  ])('refuses %s with an InvalidContainerGroupError that does not quote the text', (_title, text, message) => {
    let error: unknown;
    try {
      fromAzContainerYaml(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidContainerGroupError);
    const { problems } = error as InvalidContainerGroupError;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('');
    expect(problems[0]!.message).toMatch(message);
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });
});

describe('toAzContainerYaml', () => {
  it('writes the documented layout, in the documented order', () => {
    const text = toAzContainerYaml('my-job', sampleGroup());
    expect(text.startsWith('apiVersion: "2023-05-01"\nlocation: westeurope\nname: my-job\nidentity:\n')).toBe(true);
    expect(text.endsWith('type: Microsoft.ContainerInstance/containerGroups\n')).toBe(true);
    expect(Object.keys(parse(text))).toEqual(['apiVersion', 'location', 'name', 'identity', 'zones', 'properties', 'tags', 'type']);
    expect(parse(text).properties.containers[0]).toMatchObject({ name: 'job', properties: { image: 'busybox:1.36', resources: { requests: { cpu: 1, memoryInGB: 1.5 } } } });
  });

  it('round-trips through fromAzContainerYaml', () => {
    const group = sampleGroup();
    const { name, group: back } = fromAzContainerYaml(toAzContainerYaml('my-job', group));
    expect(name).toBe('my-job');
    expect(back).toEqual({ ...group, name: 'my-job', type: 'Microsoft.ContainerInstance/containerGroups' });
    expect(validateContainerGroup(name!, back)).toEqual([]);
  });

  it('quotes what a YAML 1.1 reader (the Azure CLI uses PyYAML) would read as a date, boolean or number', () => {
    const text = toAzContainerYaml('my-job', sampleGroup());
    const asOldReaderSeesIt = parse(text, { version: '1.1' });
    expect(asOldReaderSeesIt.apiVersion).toBe('2023-05-01');
    expect(asOldReaderSeesIt.tags).toEqual({ team: 'data', on: 'yes' });
    expect(asOldReaderSeesIt.properties.containers[0].properties.environmentVariables.map((v: { value?: string }) => v.value)).toEqual([
      'no',
      '0755',
      '2023-05-01',
      '',
      undefined,
    ]);
  });

  it('leaves out what the service fills in', () => {
    const group: ContainerGroup = {
      ...sampleGroup(),
      id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerInstance/containerGroups/old',
      name: 'old-name',
      type: 'Microsoft.ContainerInstance/containerGroups',
      provisioningState: 'Succeeded',
      instanceView: { state: 'Running', events: [] },
      identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
    };
    group.containers[0]!.instanceView = { restartCount: 0, currentState: { state: 'Running', startTime: new Date(0) } };
    group.ipAddress!.fqdn = 'job-label.westeurope.azurecontainer.io';
    const file = parse(toAzContainerYaml('new-name', group));
    expect(file.name).toBe('new-name');
    expect(file).not.toHaveProperty('id');
    expect(file.identity).toEqual({ type: 'SystemAssigned' });
    expect(file.properties).not.toHaveProperty('provisioningState');
    expect(file.properties).not.toHaveProperty('instanceView');
    expect(file.properties.containers[0].properties).not.toHaveProperty('instanceView');
    expect(file.properties.ipAddress).not.toHaveProperty('fqdn');
    // the input is untouched
    expect(group.containers[0]!.instanceView).toBeDefined();
  });
});
