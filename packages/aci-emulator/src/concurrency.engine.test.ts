/**
 * Many clients at once: requests for one group never make requests for another wait. A group whose
 * provisioning is held (a gate in front of the real Docker hook, so no timing is asserted) does not delay
 * the create, read, list, logs or delete of other groups; and 12 groups created at once all run.
 */
import type { ContainerGroup as SdkContainerGroup } from '@azure/arm-containerinstance';
import type { ContainerGroup, CreateOrUpdateOptions } from '@container-hook/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';

let t: TestEmulator;
let release: () => void = () => undefined;
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
/** A second gate, for the group "swap" of the replacement test: set `holdSwap` before the PUT it should hold. */
let holdSwap = false;
let releaseAgain: () => void = () => undefined;
const secondGate = new Promise<void>((resolve) => {
  releaseAgain = resolve;
});

beforeAll(async () => {
  // The emulator's hook: the real Docker hook, except that creating a group named "held" waits for the gate.
  t = await startTestEmulator({}, (real) =>
    new Proxy(real, {
      get(target, property) {
        if (property === 'createOrUpdate') {
          return async (rg: string, name: string, group: ContainerGroup, options?: CreateOrUpdateOptions) => {
            if (name === 'held') await gate;
            if (name === 'swap' && holdSwap) await secondGate;
            return target.createOrUpdate(rg, name, group, options);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  );
});

afterAll(async () => {
  release();
  releaseAgain();
  await t?.stop();
  expect(await t.leftovers()).toEqual([]);
});

const group = (name: string, script: string): SdkContainerGroup => ({
  location: 'westeurope',
  osType: 'Linux',
  restartPolicy: 'Never',
  containers: [{ name, image: BUSYBOX, command: ['sh', '-c', script], resources: { requests: { cpu: 0.1, memoryInGB: 0.1 } } }],
});

describe('concurrent clients', () => {
  it('serves other groups while one group\'s provisioning is held', async () => {
    const held = await t.client.containerGroups.beginCreateOrUpdate('busy', 'held', group('held', 'echo held'), { updateIntervalInMs: 50 });
    expect((await t.client.containerGroups.get('busy', 'held')).provisioningState).toMatch(/^(Pending|Creating)$/);

    const other = await t.client.containerGroups.beginCreateOrUpdateAndWait('busy', 'other', group('other', 'echo other'), { updateIntervalInMs: 50 });
    expect(other.provisioningState).toBe('Succeeded');
    const names: string[] = [];
    for await (const g of t.client.containerGroups.listByResourceGroup('busy')) names.push(g.name!);
    expect(names.sort()).toEqual(['held', 'other']);
    await t.client.containerGroups.beginDeleteAndWait('busy', 'other');

    // The held group is still provisioning; releasing the gate finishes it.
    expect((await t.client.containerGroups.get('busy', 'held')).provisioningState).toMatch(/^(Pending|Creating)$/);
    release();
    expect((await held.pollUntilDone()).provisioningState).toBe('Succeeded');
  });

  it('runs 12 groups created at once, each with its own log', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `many-${i}`);
    const created = await Promise.all(names.map((n) => t.client.containerGroups.beginCreateOrUpdateAndWait('many', n, group(n, `echo I am ${n}`), { updateIntervalInMs: 100 })));
    expect(created.map((g) => g.provisioningState)).toEqual(names.map(() => 'Succeeded'));
    for (const n of names) {
      let content = '';
      for (let i = 0; i < 100 && content === ''; i++) {
        content = (await t.client.containers.listLogs('many', n, n)).content ?? '';
        if (content === '') await new Promise((r) => setTimeout(r, 100));
      }
      expect(content).toBe(`I am ${n}\n`);
    }
    await Promise.all(names.map((n) => t.client.containerGroups.beginDeleteAndWait('many', n)));
  });

  it('serves no log of the old run while a changed group is being replaced', async () => {
    await t.client.containerGroups.beginCreateOrUpdateAndWait('busy', 'swap', group('swap', 'echo old run'), { updateIntervalInMs: 50 });
    const log = async () => (await t.client.containers.listLogs('busy', 'swap', 'swap')).content ?? '';
    let content = '';
    for (let i = 0; i < 100 && content === ''; i++) {
      content = await log();
      if (content === '') await new Promise((r) => setTimeout(r, 50));
    }
    expect(content).toBe('old run\n');
    // The replacement's provisioning is held at the gate: the hook still has the old container, ACI would not.
    holdSwap = true;
    const poller = await t.client.containerGroups.beginCreateOrUpdate('busy', 'swap', group('swap', 'echo new run'), { updateIntervalInMs: 50 });
    expect(await log()).toBe('');
    releaseAgain();
    expect((await poller.pollUntilDone()).provisioningState).toBe('Succeeded');
    content = '';
    for (let i = 0; i < 100 && content === ''; i++) {
      content = await log();
      if (content === '') await new Promise((r) => setTimeout(r, 50));
    }
    expect(content).toBe('new run\n');
    await t.client.containerGroups.beginDeleteAndWait('busy', 'swap');
  });

  it('deletes a group whose create is still provisioning: nothing is left behind', async () => {
    const poller = await t.client.containerGroups.beginCreateOrUpdate('race', 'quick', group('quick', 'sleep 30'), { updateIntervalInMs: 50 });
    await t.client.containerGroups.beginDeleteAndWait('race', 'quick');
    await expect(t.client.containerGroups.get('race', 'quick')).rejects.toMatchObject({ statusCode: 404 });
    await poller.pollUntilDone().catch(() => undefined);
    expect(await t.hook.exists('race', 'quick')).toBe(false);
  });
});
