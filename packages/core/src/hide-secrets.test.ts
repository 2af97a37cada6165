import { describe, expect, it } from 'vitest';
import { hideSecrets } from './hide-secrets.js';
import type { ContainerGroup } from './model.js';

const SECRETS = ['hunter2', 'c2VjcmV0', 'registry-pass', 'workspace-key', '/subscriptions/x/workspaces/w', 'storage-key', 'protected-token'];

const container = { name: 'web', image: 'i', resources: { requests: { cpu: 1, memoryInGB: 1 } } };
const base = (extra: Partial<ContainerGroup>): ContainerGroup => ({ osType: 'Linux', containers: [container], ...extra });

describe('hideSecrets', () => {
  it.each<[string, Partial<ContainerGroup>, Partial<ContainerGroup>]>([
    [
      'secure environment variables → name only (containers)',
      { containers: [{ ...container, environmentVariables: [{ name: 'A', value: '1' }, { name: 'S', secureValue: 'hunter2' }, { name: 'E', secureValue: '' }, { name: 'N' }] }] },
      { containers: [{ ...container, environmentVariables: [{ name: 'A', value: '1' }, { name: 'S' }, { name: 'E' }, { name: 'N' }] }] },
    ],
    [
      'secure environment variables → name only (init containers)',
      { initContainers: [{ name: 'setup', image: 'i', environmentVariables: [{ name: 'S', secureValue: 'hunter2' }] }] },
      { initContainers: [{ name: 'setup', image: 'i', environmentVariables: [{ name: 'S' }] }] },
    ],
    [
      'a secret reference (newer API versions) is kept: it names a secret, it is not one',
      { containers: [{ ...container, environmentVariables: [{ name: 'R', secureValueReference: 'envSecretRef' } as never] }] },
      { containers: [{ ...container, environmentVariables: [{ name: 'R', secureValueReference: 'envSecretRef' } as never] }] },
    ],
    [
      'secret volume contents → {}',
      { volumes: [{ name: 's', secret: { 'a.txt': 'c2VjcmV0' } }, { name: 'e', emptyDir: {} }] },
      { volumes: [{ name: 's', secret: {} }, { name: 'e', emptyDir: {} }] },
    ],
    [
      'the storage account key of an Azure Files volume',
      { volumes: [{ name: 'f', azureFile: { shareName: 'share', storageAccountName: 'acct', storageAccountKey: 'storage-key', readOnly: true } }] },
      { volumes: [{ name: 'f', azureFile: { shareName: 'share', storageAccountName: 'acct', readOnly: true } }] },
    ],
    [
      'registry passwords',
      { imageRegistryCredentials: [{ server: 'reg.example', username: 'u', password: 'registry-pass' }, { server: 'acr.example', identity: '/id' }] },
      { imageRegistryCredentials: [{ server: 'reg.example', username: 'u' }, { server: 'acr.example', identity: '/id' }] },
    ],
    [
      'Log Analytics: the workspace id only',
      { diagnostics: { logAnalytics: { workspaceId: 'ws', workspaceKey: 'workspace-key', logType: 'ContainerInsights', workspaceResourceId: '/subscriptions/x/workspaces/w' } } },
      { diagnostics: { logAnalytics: { workspaceId: 'ws' } as never } },
    ],
    [
      "extensions' protected settings",
      { extensions: [{ name: 'kube-proxy', extensionType: 'kube-proxy', version: '1.0', settings: { a: 1 }, protectedSettings: { token: 'protected-token' } }] },
      { extensions: [{ name: 'kube-proxy', extensionType: 'kube-proxy', version: '1.0', settings: { a: 1 } }] },
    ],
    ['a group without secrets, unchanged', { restartPolicy: 'Never', tags: { a: 'b' } }, { restartPolicy: 'Never', tags: { a: 'b' } }],
  ])('hides %s', (_what, given, expected) => {
    const hidden = hideSecrets(base(given));
    expect(hidden).toEqual(base(expected));
    for (const secret of SECRETS) expect(JSON.stringify(hidden)).not.toContain(secret);
  });

  it('keeps instance views, and leaves its argument unchanged, sharing nothing with it', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    const group = base({
      containers: [{ ...container, environmentVariables: [{ name: 'S', secureValue: 'hunter2' }], instanceView: { restartCount: 0, events: [{ name: 'Started', firstTimestamp: when }] } }],
      volumes: [{ name: 's', secret: { 'a.txt': 'c2VjcmV0' } }],
      instanceView: { state: 'Running', events: [] },
    });
    const before = structuredClone(group);
    const hidden = hideSecrets(group);
    expect(group).toEqual(before);
    expect(hidden.containers[0]!.instanceView!.events![0]!.firstTimestamp).toEqual(when);
    expect(hidden.instanceView).toEqual({ state: 'Running', events: [] });
    hidden.containers[0]!.instanceView!.restartCount = 5;
    hidden.tags = { changed: 'yes' };
    expect(group).toEqual(before);
  });

  it('is idempotent', () => {
    const group = base({ volumes: [{ name: 's', secret: { a: 'c2VjcmV0' } }], imageRegistryCredentials: [{ server: 'r', username: 'u', password: 'registry-pass' }] });
    expect(hideSecrets(hideSecrets(group))).toEqual(hideSecrets(group));
  });
});
