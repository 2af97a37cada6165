/**
 * The official Azure SDK for JS (`@azure/arm-containerinstance` 9.1.0 + `@azure/identity`), unmodified
 * but for `endpoint`, a credential pointed at the emulator and its CA, runs real containers through the
 * emulator: create (and wait), get, list, logs, start/stop/restart, update, delete.
 */
import type { ContainerGroup } from '@azure/arm-containerinstance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';

let t: TestEmulator;
const rg = 'sdk-rg';

beforeAll(async () => {
  t = await startTestEmulator({ imageMap: { alpine: BUSYBOX } });
});

afterAll(async () => {
  await t?.stop();
  expect(await t.leftovers()).toEqual([]);
});

function definition(script: string, extra: Partial<ContainerGroup> = {}): ContainerGroup {
  return {
    location: 'westeurope',
    osType: 'Linux',
    restartPolicy: 'Never',
    containers: [{ name: 'main', image: 'alpine:3.19', command: ['sh', '-c', script], resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } } }],
    ...extra,
  };
}

/** A group whose container prints three lines (one of them a secret) and exits 3. */
function helloDefinition(tags: Record<string, string> = { team: 'a' }): ContainerGroup {
  return {
    ...definition('', { tags }),
    containers: [
      {
        name: 'main',
        image: 'alpine:3.19',
        command: ['sh', '-c', 'echo hello from aci; echo second line; echo "$PUBLIC/$SECRET"; exit 3'],
        environmentVariables: [
          { name: 'PUBLIC', value: 'visible' },
          { name: 'SECRET', secureValue: 'hunter2-do-not-show' },
        ],
        resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } },
      },
    ],
  };
}

async function untilTerminated(name: string, container = 'main'): Promise<ContainerGroup> {
  for (let i = 0; i < 200; i++) {
    const group = await t.client.containerGroups.get(rg, name);
    const state = group.containers.find((c) => c.name === container)?.instanceView?.currentState?.state;
    if (state === 'Terminated') return group;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`container ${container} of ${name} did not terminate`);
}

describe('the Azure SDK against the emulator', () => {
  it('creates a group and waits for it, then reads state, exit code and logs of the real container', async () => {
    const created = await t.client.containerGroups.beginCreateOrUpdateAndWait(rg, 'hello', helloDefinition(), { updateIntervalInMs: 50 });
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.id).toBe(`/subscriptions/${t.emulator.identity.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerInstance/containerGroups/hello`);
    expect(created.type).toBe('Microsoft.ContainerInstance/containerGroups');
    // As ACI: a secure value comes back as a name without a value, a plain value as is.
    expect(created.containers[0]!.environmentVariables).toEqual([{ name: 'PUBLIC', value: 'visible' }, { name: 'SECRET' }]);
    expect(JSON.stringify(created)).not.toContain('hunter2');

    const done = await untilTerminated('hello');
    const state = done.containers[0]!.instanceView!.currentState!;
    expect(state.exitCode).toBe(3);
    expect(state.finishTime).toBeInstanceOf(Date);
    expect(done.containers[0]!.image).toBe('alpine:3.19'); // the image the client asked for, not the mapped one
    expect(done.instanceView?.state).toBeTypeOf('string');

    const logs = await t.client.containers.listLogs(rg, 'hello', 'main');
    expect(logs.content).toBe('hello from aci\nsecond line\nvisible/hunter2-do-not-show\n');
    const tail = await t.client.containers.listLogs(rg, 'hello', 'main', { tail: 1 });
    expect(tail.content).toBe('visible/hunter2-do-not-show\n');
    const stamped = await t.client.containers.listLogs(rg, 'hello', 'main', { tail: 1, timestamps: true });
    expect(stamped.content).toMatch(/^\d{4}-\d\d-\d\dT\S+ visible\/hunter2-do-not-show\n$/);
  });

  it('lists groups by resource group and by subscription, without instance views', async () => {
    const byRg = [];
    for await (const g of t.client.containerGroups.listByResourceGroup(rg)) byRg.push(g);
    expect(byRg.map((g) => g.name)).toContain('hello');
    expect(byRg.every((g) => g.instanceView === undefined && g.containers.every((c) => c.instanceView === undefined))).toBe(true);
    const all = [];
    for await (const g of t.client.containerGroups.list()) all.push(g);
    expect(all.map((g) => g.name)).toContain('hello');
  });

  it('follows nextLink pages', async () => {
    const paged = await startTestEmulator({ pageSize: 2 });
    try {
      const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
      await Promise.all(names.map((n) => paged.client.containerGroups.beginCreateOrUpdateAndWait('paging', n, { ...definition('true'), containers: [{ name: n, image: BUSYBOX, command: ['true'], resources: { requests: { cpu: 0.1, memoryInGB: 0.1 } } }] }, { updateIntervalInMs: 50 })));
      const pages: number[] = [];
      for await (const page of paged.client.containerGroups.listByResourceGroup('paging').byPage()) pages.push(page.length);
      expect(pages).toEqual([2, 2, 1]);
    } finally {
      await paged.stop();
      expect(await paged.leftovers()).toEqual([]);
    }
  });

  it('updates tags with PATCH, and an unchanged PUT restarts nothing', async () => {
    const patched = await t.client.containerGroups.update(rg, 'hello', { tags: { team: 'b' } });
    expect(patched.tags).toEqual({ team: 'b' });
    const before = await t.client.containerGroups.get(rg, 'hello');
    const again = await t.client.containerGroups.beginCreateOrUpdateAndWait(rg, 'hello', helloDefinition({ team: 'b' }), { updateIntervalInMs: 50 });
    expect(again.provisioningState).toBe('Succeeded');
    // Re-applying the definition did not run the container again: same start time, same log.
    const after = await t.client.containerGroups.get(rg, 'hello');
    expect(after.containers[0]!.instanceView?.currentState?.startTime).toEqual(before.containers[0]!.instanceView?.currentState?.startTime);
  });

  it('stops, starts and restarts a long-running group', async () => {
    await t.client.containerGroups.beginCreateOrUpdateAndWait(rg, 'server', definition('echo up; sleep 300'), { updateIntervalInMs: 50 });
    const running = await t.client.containerGroups.get(rg, 'server');
    expect(running.containers[0]!.instanceView?.currentState?.state).toBe('Running');
    await t.client.containerGroups.stop(rg, 'server');
    const stopped = await t.client.containerGroups.get(rg, 'server');
    expect(stopped.containers[0]!.instanceView?.currentState?.state).toBe('Terminated');
    await t.client.containerGroups.beginStartAndWait(rg, 'server', { updateIntervalInMs: 50 });
    expect((await t.client.containerGroups.get(rg, 'server')).containers[0]!.instanceView?.currentState?.state).toBe('Running');
    await t.client.containerGroups.beginRestartAndWait(rg, 'server', { updateIntervalInMs: 50 });
    expect((await t.client.containerGroups.get(rg, 'server')).containers[0]!.instanceView?.currentState?.state).toBe('Running');
  });

  it('deletes a group (200 with its body), then it is not found', async () => {
    const deleted = await t.client.containerGroups.beginDeleteAndWait(rg, 'server', { updateIntervalInMs: 50 });
    expect(deleted.name).toBe('server');
    await expect(t.client.containerGroups.get(rg, 'server')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    // Deleting again is not an error (204).
    await t.client.containerGroups.beginDeleteAndWait(rg, 'server', { updateIntervalInMs: 50 });
  });

  it('answers a body that breaks a service rule with 400 and the problem paths of the core validator', async () => {
    const bad = definition('true');
    bad.containers[0]!.resources.requests.cpu = -1;
    await expect(t.client.containerGroups.beginCreateOrUpdateAndWait(rg, 'Bad_Name', bad)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidContainerGroup',
    });
    await expect(t.client.containerGroups.get(rg, 'Bad_Name')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('fails the provisioning of an image without a default command, with an event that says so', async () => {
    // An image made here without CMD or ENTRYPOINT (docker import of the test image's file system).
    const docker = (await t.hook.getConn()) as unknown as {
      createContainer(o: { Image: string }): Promise<{ export(): Promise<NodeJS.ReadableStream>; remove(): Promise<unknown> }>;
      importImage(s: NodeJS.ReadableStream, o: { repo: string; tag: string }): Promise<NodeJS.ReadableStream>;
      modem: { followProgress(s: NodeJS.ReadableStream, done: (e: unknown) => void): void };
      getImage(n: string): { remove(o: { force: boolean }): Promise<unknown> };
    };
    const source = await docker.createContainer({ Image: BUSYBOX });
    const imported = await docker.importImage(await source.export(), { repo: 'container-hook/nocmd', tag: t.runId });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(imported, (e) => (e ? reject(e) : resolve())));
    await source.remove();
    try {
      const group = definition('');
      group.containers[0] = { name: 'main', image: `container-hook/nocmd:${t.runId}`, resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } } };
      await expect(t.client.containerGroups.beginCreateOrUpdateAndWait(rg, 'nocmd', group, { updateIntervalInMs: 50 })).rejects.toThrow(/long-running operation has failed/i);
      const failed = await t.client.containerGroups.get(rg, 'nocmd');
      expect(failed.provisioningState).toBe('Failed');
      expect(failed.instanceView?.events?.map((e) => e.message).join('\n')).toMatch(/no default command/i);
      await t.client.containerGroups.beginDeleteAndWait(rg, 'nocmd');
    } finally {
      await docker.getImage(`container-hook/nocmd:${t.runId}`).remove({ force: true });
    }
  });

  it('accepts a field it cannot run and fails the provisioning with an event saying why', async () => {
    const gpu = definition('true');
    gpu.containers[0]!.resources.requests.gpu = { count: 1, sku: 'V100' };
    await expect(t.client.containerGroups.beginCreateOrUpdateAndWait(rg, 'gpu', gpu, { updateIntervalInMs: 50 })).rejects.toThrow(/long-running operation has failed/i);
    const failed = await t.client.containerGroups.get(rg, 'gpu');
    expect(failed.provisioningState).toBe('Failed');
    expect(failed.instanceView?.events?.map((e) => e.message).join('\n')).toMatch(/gpu/i);
    await t.client.containerGroups.beginDeleteAndWait(rg, 'gpu');
  });
});
