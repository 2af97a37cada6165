import { describe, expect, it } from 'vitest';
import { hideSecrets, type ContainerGroup } from '@container-hook/core';
import {
  fromStoredSpec,
  isDeletingSandbox,
  normaliseGroup,
  normaliseRegistry,
  toDeletingName,
  toDockerRestartPolicy,
  toGroupFilter,
  toGroupNames,
  toLeftovers,
  toMemberCreateOptions,
  toRegistryHost,
  toSandboxCreateOptions,
  toSandboxFilter,
  toSpecHash,
} from './mapping.js';
import { findUnsupported, UNSUPPORTED_FIELDS } from './unsupported.js';
import { pauseBinary, sandboxImageArchive } from './network.js';
import { readFileSync } from 'node:fs';

const base: ContainerGroup = {
  osType: 'Linux',
  containers: [
    {
      name: 'app',
      image: 'reg.example:5000/team/app:1',
      command: ['sh', '-c', 'echo hi'],
      environmentVariables: [
        { name: 'A', value: '1' },
        { name: 'S', secureValue: 'hunter2' },
      ],
      resources: { requests: { cpu: 0.5, memoryInGB: 1.5 } },
      volumeMounts: [{ name: 'secretvol', mountPath: '/s' }],
    },
  ],
  volumes: [{ name: 'secretvol', secret: { f: 'eA==' } }],
  imageRegistryCredentials: [{ server: 'reg.example:5000', username: 'u', password: 'p' }],
  ipAddress: { type: 'Public', ports: [{ port: 80 }] },
};

describe('names', () => {
  it('are deterministic, case-insensitive in the resource group, and valid Docker names', () => {
    const a = toGroupNames('My-RG(1)', 'web');
    expect(a).toMatchObject({ resourceGroup: 'my-rg(1)' });
    expect(a.sandbox).toBe(toGroupNames('my-rg(1)', 'web').sandbox);
    expect(a.sandbox).toMatch(/^ch-my-rg_1_-web-[0-9a-f]{8}$/);
    expect(a.member('app')).toBe(`${a.sandbox}_app`);
    expect(a.init('app')).toBe(`${a.sandbox}_init_app`);
    expect(toGroupNames('rg', 'a').sandbox).not.toBe(toGroupNames('rg2', 'a').sandbox);
  });

  it('rename a sandbox being deleted to a name no group or member has, and tell it apart', () => {
    const a = toGroupNames('rg', 'web');
    const id = '0123456789abcdef0123';
    expect(toDeletingName(a, id)).toBe(`${a.sandbox}-deleting-0123456789ab`);
    expect(toDeletingName(a, id)).not.toContain('_');
    expect(isDeletingSandbox(a, `/${a.sandbox}`)).toBe(false);
    expect(isDeletingSandbox(a, a.sandbox)).toBe(false);
    expect(isDeletingSandbox(a, `/${toDeletingName(a, id)}`)).toBe(true);
  });

  it('tell what a delete left from a live group of the same name', () => {
    const a = toGroupNames('rg', 'web');
    const sandbox = (id: string, name: string) => ({ Id: id, Names: [`/${name}`], Labels: { 'container-hook.role': 'sandbox' }, HostConfig: { NetworkMode: 'bridge' } });
    const member = (id: string, joined: string) => ({ Id: id, Names: [`/${a.member(id)}`], Labels: { 'container-hook.role': 'container' }, HostConfig: { NetworkMode: `container:${joined}` } });
    const old = sandbox('old', toDeletingName(a, 'old0123456789'));
    const oldMember = member('m1', 'old');
    const orphan = member('m2', 'gone');
    expect(toLeftovers(a, [old, oldMember, orphan])).toEqual({ leftovers: [old, oldMember, orphan], live: false });
    const live = sandbox('new', a.sandbox);
    const liveMember = member('m3', 'new');
    expect(toLeftovers(a, [old, live, oldMember, liveMember, orphan])).toEqual({ leftovers: [old, oldMember, orphan], live: true });
    expect(toLeftovers(a, [])).toEqual({ leftovers: [], live: false });
  });
});

describe('spec', () => {
  it('hashes the normalised group: read-only fields and the default restart policy do not matter, secrets do', () => {
    const h = toSpecHash(normaliseGroup(base));
    expect(toSpecHash(normaliseGroup({ ...base, restartPolicy: 'Always', provisioningState: 'Succeeded', id: 'x' }))).toBe(h);
    const changed = structuredClone(base);
    changed.containers[0]!.environmentVariables![1]!.secureValue = 'other';
    expect(toSpecHash(normaliseGroup(changed))).not.toBe(h);
    expect(toSpecHash(normaliseGroup(base), { run: '1' })).not.toBe(h);
  });
  it('stores no secret', () => {
    const stored = JSON.stringify(hideSecrets(normaliseGroup(base)));
    expect(stored).not.toMatch(/hunter2|eA==|"p"/);
    expect(hideSecrets(normaliseGroup(base)).containers[0]!.environmentVariables).toEqual([{ name: 'A', value: '1' }, { name: 'S' }]);
  });
});

describe('engine options', () => {
  const names = toGroupNames('rg', 'g');
  it('maps a container', () => {
    const o = toMemberCreateOptions(names, normaliseGroup(base), base.containers[0]!, 'container', {}, { 'container-hook.role': 'volume' });
    expect(o).toMatchObject({
      name: `${names.sandbox}_app`,
      Image: 'reg.example:5000/team/app:1',
      Entrypoint: ['sh', '-c', 'echo hi'],
      Env: ['A=1', 'S=hunter2'],
      HostConfig: {
        NetworkMode: `container:${names.sandbox}`,
        RestartPolicy: { Name: 'always' },
        NanoCpus: 500_000_000,
        Memory: 1.5 * 1024 ** 3,
        Mounts: [
          {
            Type: 'volume',
            Source: `${names.sandbox}_vol_secretvol`,
            Target: '/s',
            ReadOnly: true,
            // A volume a racing delete removed is re-created by the engine as the group's, in memory.
            VolumeOptions: {
              NoCopy: false,
              Labels: { 'container-hook.role': 'volume' },
              DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs', o: 'size=16m,mode=0755' } },
            },
          },
        ],
      },
    });
  });
  it('publishes Public ports on ephemeral loopback ports of the sandbox', () => {
    const o = toSandboxCreateOptions(names, normaliseGroup(base), {}, {});
    expect(o.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    const priv = toSandboxCreateOptions(names, normaliseGroup({ ...base, ipAddress: { type: 'Private', ports: [{ port: 80 }] } }), {}, {});
    expect(priv.HostConfig?.PortBindings).toEqual({});
  });
  it.each([
    [undefined, 'always'],
    ['Always', 'always'],
    ['OnFailure', 'on-failure'],
    ['Never', 'no'],
  ])('restart policy %s → %s', (p, d) => expect(toDockerRestartPolicy(p)).toBe(d));
});

describe('registries', () => {
  it.each([
    ['busybox', 'docker.io'],
    ['library/busybox:1', 'docker.io'],
    ['localhost/x', 'localhost'],
    ['127.0.0.1:5000/x:1', '127.0.0.1:5000'],
    ['myregistry.azurecr.io/app', 'myregistry.azurecr.io'],
  ])('%s → %s', (image, host) => expect(toRegistryHost(image)).toBe(host));
  it('normalises servers', () => {
    expect(normaliseRegistry('https://Reg.Example:5000/v2/')).toBe('reg.example:5000');
    expect(normaliseRegistry('index.docker.io')).toBe('docker.io');
  });
});

describe('unsupported fields', () => {
  it('names each with its JSON path', () => {
    const g: ContainerGroup = {
      ...base,
      osType: 'Windows',
      volumes: [{ name: 'share1', azureFile: { shareName: 's', storageAccountName: 'a' } }],
      priority: 'Spot',
      sku: 'Confidential',
    };
    expect(findUnsupported(g).map((f) => f.path)).toEqual(['osType', 'volumes[0].azureFile', 'sku', 'priority']);
    expect(findUnsupported(base)).toEqual([]);
  });
  it('are all listed in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const f of UNSUPPORTED_FIELDS) expect(readme).toContain(`\`${f.path}\``);
  });
});

describe('sandbox image', () => {
  it('is a static x86_64 ELF in a one-file tar', () => {
    const elf = pauseBinary('x86_64');
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(elf.readUInt16LE(18)).toBe(0x3e);
    const tar = sandboxImageArchive('x86_64');
    expect(tar.subarray(0, 5).toString()).toBe('pause');
    expect(tar.length % 512).toBe(0);
    expect(() => pauseBinary('s390x')).toThrow(/s390x/);
  });
});

describe('engine filters and the stored spec', () => {
  it('matches every object of one group by its labels (resource group lowercased)', () => {
    expect(toGroupFilter(toGroupNames('My-RG', 'web'))).toEqual({
      label: ['container-hook.resource-group=my-rg', 'container-hook.group=web', 'container-hook.created-by=container-hook'],
    });
  });

  it('matches the sandboxes of a resource group, or of every group', () => {
    expect(toSandboxFilter('My-RG')).toEqual({
      label: ['container-hook.role=sandbox', 'container-hook.created-by=container-hook', 'container-hook.resource-group=my-rg'],
    });
    expect(toSandboxFilter()).toEqual({ label: ['container-hook.role=sandbox', 'container-hook.created-by=container-hook'] });
  });

  it('reads back the stored spec, or an empty group when the label is missing', () => {
    const stored = hideSecrets(normaliseGroup(base));
    expect(fromStoredSpec({ 'container-hook.spec': JSON.stringify(stored) })).toEqual(stored);
    expect(fromStoredSpec(undefined)).toEqual({ containers: [] });
    expect(fromStoredSpec({})).toEqual({ containers: [] });
  });
});
