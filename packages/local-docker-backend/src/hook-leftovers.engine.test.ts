import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { BUSYBOX, group, leftovers, makeTestHook, shContainer, until } from './docker-test-utils.js';
import { toDeletingName, toGroupFilter, toGroupNames } from './mapping.js';

const { hook, runId, rg } = makeTestHook();

afterAll(async () => {
  for await (const g of hook.list(rg)) await hook.delete(rg, g.name!);
  expect(await leftovers(runId)).toEqual([]);
});

/** Logs `fresh` when its emptyDir volume is new, `stale` when an earlier group's file is in it; then runs on. */
const spec = () =>
  group([shContainer('main', 'if [ -e /d/mark ]; then echo stale; else echo fresh; fi; touch /d/mark; sleep 300', { volumeMounts: [{ name: 'scratch', mountPath: '/d' }] }), shContainer('side', 'sleep 300')], {
    volumes: [{ name: 'scratch', emptyDir: {} }],
    initContainers: [{ name: 'prep', image: BUSYBOX, command: ['true'] }],
  });

/** Every container and volume carrying the group's labels: `container <name> <network mode>`, `volume <name>`. */
async function groupObjects(docker: Docker, name: string): Promise<string[]> {
  const filters = toGroupFilter(toGroupNames(rg, name));
  const containers = await docker.listContainers({ all: true, filters });
  const { Volumes } = await docker.listVolumes({ filters });
  return [...containers.map((c) => `container ${c.Names[0]!.slice(1)} ${c.HostConfig.NetworkMode}`), ...(Volumes ?? []).map((v) => `volume ${v.Name}`)].sort();
}

/** What the group `name` must consist of: its sandbox, the containers that joined it, its volume. */
async function expectOnlyLiveGroup(docker: Docker, name: string): Promise<void> {
  const names = toGroupNames(rg, name);
  const sandbox = await docker.getContainer(names.sandbox).inspect();
  const joined = `container:${sandbox.Id}`;
  expect(await groupObjects(docker, name)).toEqual(
    [
      `container ${names.sandbox} ${sandbox.HostConfig.NetworkMode}`,
      `container ${names.init('prep')} ${joined}`,
      `container ${names.member('main')} ${joined}`,
      `container ${names.member('side')} ${joined}`,
      `volume ${names.volume('scratch')}`,
    ].sort(),
  );
}

/**
 * Creates the group, waits until it ran, and does what an interrupted delete does: renames the sandbox,
 * then removes the containers `remove` names (given the group's names and the renamed sandbox's).
 */
async function interruptedDelete(docker: Docker, name: string, remove: (names: ReturnType<typeof toGroupNames>, deleting: string) => string[]): Promise<void> {
  await hook.createOrUpdate(rg, name, spec());
  await until(async () => (await hook.getLogs(rg, name)).join('') === 'fresh\n');
  const names = toGroupNames(rg, name);
  const { Id } = await docker.getContainer(names.sandbox).inspect();
  await docker.getContainer(Id).rename({ name: toDeletingName(names, Id) });
  for (const c of remove(names, toDeletingName(names, Id))) await docker.getContainer(c).remove({ force: true, v: true });
  expect(await hook.exists(rg, name)).toBe(false);
}

/** The provisioning states `list` gives for the group `name` (none on a live group, as ACI's List). */
async function listed(name: string): Promise<Array<string | undefined>> {
  const states = [];
  for await (const g of hook.list(rg)) if (g.name === name) states.push(g.provisioningState);
  return states;
}

describe('DockerContainerGroupHook after an interrupted delete', () => {
  it('createOrUpdate removes what the delete left, then creates the group anew; other groups are untouched', async () => {
    const docker = await hook.getConn();
    await hook.createOrUpdate(rg, 'bystander', group([shContainer('bystander', 'sleep 300')]));
    const bystander = await groupObjects(docker, 'bystander');
    // Sandbox renamed, one member removed: the other member, the init container and the volume (with the
    // first run's file) are left.
    await interruptedDelete(docker, 'again', (names) => [names.member('side')]);
    expect(await listed('again')).toEqual(['Deleting']);

    const created = await hook.createOrUpdate(rg, 'again', spec());
    expect(created.provisioningState).toBe('Succeeded');
    await until(async () => (await hook.getState(rg, 'again')).instanceView?.state === 'Running');
    expect(await hook.getLogs(rg, 'again')).toEqual(['fresh\n']);
    await expectOnlyLiveGroup(docker, 'again');
    expect(await groupObjects(docker, 'bystander')).toEqual(bystander);
    expect(await listed('again')).toEqual([undefined]);
    expect(await listed('bystander')).toEqual([undefined]);

    await hook.delete(rg, 'again');
    expect(await groupObjects(docker, 'again')).toEqual([]);
    expect(await groupObjects(docker, 'bystander')).toEqual(bystander);
    await hook.delete(rg, 'bystander');
  });

  it('createOrUpdate gives a fresh volume when only the volume was left', async () => {
    const docker = await hook.getConn();
    await interruptedDelete(docker, 'volonly', (names, deleting) => [names.member('main'), names.member('side'), names.init('prep'), deleting]);
    // Only the volume (holding the first run's file) is left: the group is no longer listed.
    expect(await groupObjects(docker, 'volonly')).toEqual([`volume ${toGroupNames(rg, 'volonly').volume('scratch')}`]);
    expect(await listed('volonly')).toEqual([]);

    await hook.createOrUpdate(rg, 'volonly', spec());
    await until(async () => (await hook.getLogs(rg, 'volonly')).length > 0);
    expect(await hook.getLogs(rg, 'volonly')).toEqual(['fresh\n']);
    await expectOnlyLiveGroup(docker, 'volonly');
    await hook.delete(rg, 'volonly');
    expect(await groupObjects(docker, 'volonly')).toEqual([]);
  });

  it('a second delete removes everything the first one left', async () => {
    const docker = await hook.getConn();
    await interruptedDelete(docker, 'twice', (names) => [names.member('main')]);
    expect(await groupObjects(docker, 'twice')).toHaveLength(4);
    expect(await listed('twice')).toEqual(['Deleting']);
    await hook.delete(rg, 'twice');
    expect(await groupObjects(docker, 'twice')).toEqual([]);
    expect(await listed('twice')).toEqual([]);
  });

  it('createOrUpdate while a delete of the group is still removing its containers creates the whole group', async () => {
    const docker = await hook.getConn();
    await hook.createOrUpdate(rg, 'overlap', spec());
    await until(async () => (await hook.getLogs(rg, 'overlap')).join('') === 'fresh\n');
    const names = toGroupNames(rg, 'overlap');
    const old = new Set((await docker.listContainers({ all: true, filters: toGroupFilter(names) })).map((c) => c.Id));
    // A slow engine: the delete's removal of each old container (the first handle asked for by its id) is
    // held for 2 s, so the create below runs while the delete is still removing.
    const getContainer = docker.getContainer.bind(docker);
    const held = new Set<string>();
    docker.getContainer = (id: string) => {
      const c = getContainer(id);
      if (old.has(id) && !held.has(id)) {
        held.add(id);
        const remove = c.remove.bind(c) as (opts: object) => Promise<unknown>;
        c.remove = (async (opts: object) => {
          await delay(2_000);
          return remove(opts);
        }) as typeof c.remove;
      }
      return c;
    };
    try {
      const deleted = hook.delete(rg, 'overlap').then(
        () => undefined,
        (e: unknown) => e,
      );
      await until(async () => !(await hook.exists(rg, 'overlap')), 10_000);
      expect((await groupObjects(docker, 'overlap')).filter((o) => o.startsWith('container'))).toHaveLength(4);
      const created = await hook.createOrUpdate(rg, 'overlap', spec());
      expect(created.provisioningState).toBe('Succeeded');
      expect(await deleted).toBeUndefined();
    } finally {
      docker.getContainer = getContainer;
    }
    await until(async () => (await hook.getLogs(rg, 'overlap')).length > 0);
    expect(await hook.getLogs(rg, 'overlap')).toEqual(['fresh\n']);
    // The delete's volume removal came after the new containers mounted the volume: refused, so kept.
    await expectOnlyLiveGroup(docker, 'overlap');
    await hook.delete(rg, 'overlap');
    expect(await groupObjects(docker, 'overlap')).toEqual([]);
  });
});
