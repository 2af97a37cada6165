import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { Connection, isContainerHookError, type ContainerGroup } from '@container-hook/core';
import { BUSYBOX, group, leftovers, makeTestHook, shContainer, until } from './docker-test-utils.js';
import { DockerContainerGroupHook } from './hook.js';

const { hook, runId, rg } = makeTestHook();

afterAll(async () => {
  for await (const g of hook.list(rg)) await hook.delete(rg, g.name!);
  expect(await leftovers(runId)).toEqual([]);
});

describe('DockerContainerGroupHook state', () => {
  it('sets secure values and secret files in the container but never returns them', async () => {
    const secret = Buffer.from('s3cr3t-file\n').toString('base64');
    const g = group(
      [
        shContainer('secrets', 'echo "$PLAIN $HIDDEN"; cat /mnt/secrets/token; grep " /mnt/secrets " /proc/mounts | cut -d" " -f3,4 | cut -c1-8', {
          environmentVariables: [
            { name: 'PLAIN', value: 'visible' },
            { name: 'HIDDEN', secureValue: 'hunter2' },
          ],
          volumeMounts: [{ name: 'secretvol', mountPath: '/mnt/secrets' }],
        }),
      ],
      { volumes: [{ name: 'secretvol', secret: { token: secret } }], tags: { team: 'a' }, location: 'westeurope' },
    );
    const created = await hook.createOrUpdate(rg, 'secrets', g, { wait: true });
    await until(async () => (await hook.getState(rg, 'secrets')).instanceView?.state === 'Succeeded');
    expect(await hook.getLogs(rg, 'secrets')).toEqual(['visible hunter2\n', 's3cr3t-file\n', 'tmpfs ro\n']);
    const state = await hook.getState(rg, 'secrets');
    for (const s of [created, state]) {
      expect(s.containers[0]!.environmentVariables).toEqual([{ name: 'PLAIN', value: 'visible' }, { name: 'HIDDEN' }]);
      expect(s.volumes).toEqual([{ name: 'secretvol', secret: {} }]);
      expect(JSON.stringify(s)).not.toMatch(/hunter2|s3cr3t|czNjcjN0/);
    }
    expect(state.tags).toEqual({ team: 'a' });
    expect(state.location).toBe('westeurope');
    // Never in a label either.
    const docker = await hook.getConn();
    const all = await docker.listContainers({ all: true, filters: { label: ['container-hook.group=secrets'] } });
    expect(JSON.stringify(all.map((c) => c.Labels))).not.toMatch(/hunter2|s3cr3t|czNjcjN0/);
    await hook.delete(rg, 'secrets');
  });

  it('publishes Public ports on an ephemeral 127.0.0.1 port and reports it', async () => {
    const g = group([shContainer('web', 'echo pong | nc -l -p 8080', { ports: [{ port: 8080 }] })], { ipAddress: { type: 'Public', ports: [{ port: 8080, protocol: 'TCP' }] } });
    const s = await hook.createOrUpdate(rg, 'web', g, { wait: true });
    expect(s.ipAddress?.ip).toBe('127.0.0.1');
    const hostPort = s.ipAddress?.ports[0]?.hostPort;
    expect(hostPort).toBeGreaterThan(0);
    let reply = '';
    await until(async () => {
      reply = await new Promise<string>((resolve) => {
        const socket = connect(hostPort!, '127.0.0.1');
        let data = '';
        socket.on('data', (d) => (data += d.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(''));
      });
      return reply !== '';
    }, 10_000);
    expect(reply).toBe('pong\n');
    await hook.delete(rg, 'web');
  });

  it('reports a failed pull as provisioningState Failed with an event naming the image', async () => {
    const image = 'localhost:1/container-hook/missing:1';
    const s = await hook.createOrUpdate(rg, 'nopull', group([{ name: 'nopull', image, resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } } }]), { wait: true });
    expect(s.provisioningState).toBe('Failed');
    expect(s.instanceView?.state).toBe('Failed');
    const events = s.containers[0]!.instanceView?.events ?? [];
    expect(events.map((e) => e.name)).toEqual(['Pulling', 'Failed']);
    expect(events[1]).toMatchObject({ type: 'Warning', count: 1 });
    expect(events[1]!.message).toContain(`"${image}"`);
    expect(await hook.getStateExitCodeDetails(rg, 'nopull')).toEqual({ state: 'Waiting', exitCode: undefined, detailStatus: 'ErrImagePull' });
    expect(await hook.getLogs(rg, 'nopull')).toEqual([]);
    await hook.delete(rg, 'nopull');
  });

  it('reports events and states of a running container', async () => {
    await hook.createOrUpdate(rg, 'running', group([shContainer('running', 'sleep 30')], { restartPolicy: 'Always' }), { wait: true });
    const s = await hook.getState(rg, 'running');
    expect(s.provisioningState).toBe('Succeeded');
    expect(s.instanceView?.state).toBe('Running');
    const view = s.containers[0]!.instanceView!;
    expect(view.currentState?.state).toBe('Running');
    expect(view.currentState?.startTime).toBeInstanceOf(Date);
    expect(view.restartCount).toBe(0);
    expect(view.previousState).toBeUndefined();
    expect(view.events?.map((e) => e.name)).toEqual(['Created', 'Started']);
    await hook.delete(rg, 'running');
  });

  it('fails with BackendUnavailableError naming the address when the engine is unreachable', async () => {
    const down = new DockerContainerGroupHook(new Connection({ connId: 'down', connType: 'docker', extra: { docker_url: 'unix:///tmp/no-such-docker.sock' } }));
    await expect(down.exists('rg', 'x')).rejects.toSatisfy((e) => isContainerHookError(e, 'BackendUnavailable') && (e as Error).message.includes('unix:///tmp/no-such-docker.sock'));
    const r = await down.testConnection();
    expect(r.ok).toBe(false);
    expect(r.message).toContain('unix:///tmp/no-such-docker.sock');
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(hook.createOrUpdate(rg, 'aborted', group([shContainer('aborted', 'true')]), { abortSignal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await hook.exists(rg, 'aborted')).toBe(false);
  });
});

/** One `getState` while something else changes the group: when it started and ended, and what it gave. */
interface Read {
  startedAt: number;
  endedAt: number;
  group?: ContainerGroup;
  notFound?: true;
  /** Any other error (recorded, not thrown: the loops run while the test awaits something else). */
  error?: unknown;
}

/** Reads the group with `readers` concurrent loops of `getState` until `stop()` returns true (checked after each read). */
async function hammer(name: string, readers: number, stop: () => boolean): Promise<Read[]> {
  const reads: Read[] = [];
  await Promise.all(
    Array.from({ length: readers }, async () => {
      do {
        const startedAt = performance.now();
        try {
          const g = await hook.getState(rg, name);
          reads.push({ startedAt, endedAt: performance.now(), group: g });
        } catch (e) {
          const endedAt = performance.now();
          reads.push(isContainerHookError(e, 'ContainerGroupNotFound') ? { startedAt, endedAt, notFound: true } : { startedAt, endedAt, error: e });
        }
      } while (!stop());
    }),
  );
  return reads;
}

/** Each container's (and init container's) state as `name:State(exitCode)`, and the group's state. */
function shape(g: ContainerGroup): string {
  const one = (c: { name: string; instanceView?: { currentState?: { state?: string; exitCode?: number } } }) =>
    `${c.name}:${c.instanceView?.currentState?.state}(${c.instanceView?.currentState?.exitCode ?? ''})`;
  return [...(g.initContainers ?? []).map(one), ...g.containers.map(one), `group:${g.instanceView?.state}`].join(' ');
}

describe('DockerContainerGroupHook reads concurrent with delete and createOrUpdate', () => {
  it('reads a group being deleted as it was, or not found, never with a member invented as Waiting', async () => {
    const g = group([shContainer('runner', 'sleep 60'), shContainer('done', 'echo done')], {
      initContainers: [{ name: 'prep', image: BUSYBOX, command: ['true'] }],
    });
    for (let round = 0; round < 3; round++) {
      const name = `hammer-${round}`;
      await hook.createOrUpdate(rg, name, g);
      const expected = 'prep:Terminated(0) runner:Running() done:Terminated(0) group:Running';
      await until(async () => shape(await hook.getState(rg, name)) === expected);
      let deleting = 0;
      let deleted = 0;
      const reading = hammer(name, 4, () => deleted > 0);
      await new Promise((r) => setTimeout(r, 100));
      deleting = performance.now();
      await hook.delete(rg, name);
      deleted = performance.now();
      const reads = await reading;
      expect(reads.flatMap((r) => (r.error ? [r.error] : []))).toEqual([]);
      for (const r of reads) if (r.group) expect(shape(r.group), `a read of "${name}" during its deletion`).toBe(expected);
      // Once a read found the group gone, no later read finds it again.
      const firstGone = Math.min(...reads.filter((r) => r.notFound).map((r) => r.endedAt));
      expect(reads.filter((r) => r.group && r.startedAt > firstGone)).toEqual([]);
      expect(reads.filter((r) => r.startedAt > deleted).every((r) => r.notFound)).toBe(true);
      // The reads did overlap the deletion.
      expect(reads.some((r) => r.endedAt > deleting && r.startedAt < deleted)).toBe(true);
    }
  });

  it('reads a group being created as Pending once its sandbox exists, never as not found again, nor Stopped', async () => {
    const name = 'born';
    const g = group([shContainer('born', 'sleep 30')], { initContainers: [{ name: 'prep', image: BUSYBOX, command: ['sh', '-c', 'sleep 1'] }] });
    let created = false;
    const reading = hammer(name, 4, () => created);
    await new Promise((r) => setTimeout(r, 50));
    const result = await hook.createOrUpdate(rg, name, g);
    created = true;
    const reads = await reading;
    expect(reads.flatMap((r) => (r.error ? [r.error] : []))).toEqual([]);
    expect(result.provisioningState).toBe('Succeeded');
    const groups = reads.flatMap((r) => (r.group ? [r.group] : []));
    for (const s of groups) {
      expect(['Pending', 'Succeeded'], shape(s)).toContain(s.provisioningState);
      expect(['Pending', 'Running'], shape(s)).toContain(s.instanceView?.state);
      for (const c of s.containers) expect(['Waiting', 'Running'], shape(s)).toContain(c.instanceView?.currentState?.state);
    }
    // Not found until createOrUpdate created the sandbox; from the first read that found it, always found.
    const firstFound = Math.min(...reads.filter((r) => r.group).map((r) => r.endedAt));
    expect(reads.filter((r) => r.notFound && r.startedAt > firstFound)).toEqual([]);
    expect(groups.some((s) => s.provisioningState === 'Pending')).toBe(true);
    await hook.delete(rg, name);
  });
});
