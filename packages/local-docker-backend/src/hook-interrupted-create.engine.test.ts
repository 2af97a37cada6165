// A create that was interrupted after the sandbox existed (an abort, a killed process) leaves a group with
// the right definition but missing containers. Applying the same definition again must build it whole,
// not keep it as "unchanged"; a whole group applied again still keeps its containers.
import type Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { group, leftovers, makeTestHook, shContainer } from './docker-test-utils.js';
import { toGroupNames } from './mapping.js';

const { hook, runId, rg } = makeTestHook();

afterAll(async () => {
  for await (const g of hook.list(rg)) await hook.delete(rg, g.name!);
  expect(await leftovers(runId)).toEqual([]);
});

it('re-creates a half-built group applied again, and keeps a whole one', async () => {
  const docker = (await hook.getConn()) as Docker;
  const spec = group([shContainer('main', 'echo main; sleep 300'), shContainer('side', 'sleep 300')]);
  await hook.createOrUpdate(rg, 'halfbuilt', spec);
  const names = toGroupNames(rg, 'halfbuilt');
  const sideId = (await docker.getContainer(names.member('side')).inspect()).Id;

  // A whole group applied again is unchanged: the same containers.
  await hook.createOrUpdate(rg, 'halfbuilt', spec);
  expect((await docker.getContainer(names.member('side')).inspect()).Id).toBe(sideId);

  // What an interrupted create leaves: the sandbox and one container, the other never made.
  await docker.getContainer(names.member('main')).remove({ force: true });
  const rebuilt = await hook.createOrUpdate(rg, 'halfbuilt', spec);
  expect(rebuilt.provisioningState).toBe('Succeeded');
  expect(rebuilt.containers.map((c) => [c.name, c.instanceView?.currentState?.state])).toEqual([
    ['main', 'Running'],
    ['side', 'Running'],
  ]);
  expect(await hook.getLogs(rg, 'halfbuilt', 10, { container: 'main' })).toEqual(['main\n']);
  await hook.delete(rg, 'halfbuilt');
});
