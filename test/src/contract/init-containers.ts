import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { currentStateOf, waitForGroup, waitForTerminated } from './wait.js';

/** Init containers run to completion, in order, before the group's containers; a failing one fails the group. */
export function describeInitContainersContract(ctx: ContractContext): void {
  describe('init containers', () => {
    const volumes = [{ name: 'shared-data', emptyDir: {} }];
    const volumeMounts = [{ name: 'shared-data', mountPath: '/shared' }];

    it('run in order before the others and hand files over through an emptyDir volume', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('init');
      // The first sleeps: run in parallel (or out of order), "two" would come first.
      const group: ContainerGroup = ctx.group([ctx.shContainer(name, 'cat /shared/order', { volumeMounts })], {
        volumes,
        initContainers: [
          { name: 'init-one', image: ctx.image, command: ['sh', '-c', 'sleep 1; echo one >> /shared/order'], volumeMounts },
          { name: 'init-two', image: ctx.image, command: ['sh', '-c', 'echo two >> /shared/order'], volumeMounts },
        ],
      });
      await hook.createOrUpdate(rg, name, group, { wait: true });
      const state = await waitForTerminated(ctx, name);
      expect(await hook.getStateExitCodeDetails(rg, name)).toMatchObject({ state: 'Terminated', exitCode: 0 });
      expect(await hook.getLogs(rg, name, 10)).toEqual(['one\n', 'two\n']);

      expect(state.initContainers?.map((c) => c.name)).toEqual(['init-one', 'init-two']);
      for (const init of ['init-one', 'init-two']) {
        expect(currentStateOf(state, init), init).toMatchObject({ state: 'Terminated', exitCode: 0 });
      }
      const oneDone = currentStateOf(state, 'init-one')?.finishTime;
      const twoStart = currentStateOf(state, 'init-two')?.startTime;
      const mainStart = currentStateOf(state, name)?.startTime;
      const twoDone = currentStateOf(state, 'init-two')?.finishTime;
      expect(oneDone).toBeInstanceOf(Date);
      expect(twoStart!.getTime(), 'init-two starts after init-one finished').toBeGreaterThanOrEqual(oneDone!.getTime());
      expect(mainStart!.getTime(), 'the main container starts after the init containers finished').toBeGreaterThanOrEqual(twoDone!.getTime());
    }, ctx.timeouts.test);

    it('a failing init container fails the group and the main container never runs', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('initfail');
      const group: ContainerGroup = ctx.group([ctx.shContainer(name, 'echo main-ran > /shared/main-ran; echo main-ran', { volumeMounts })], {
        volumes,
        initContainers: [
          { name: 'init-bad', image: ctx.image, command: ['sh', '-c', 'echo init failing >&2; exit 3'], volumeMounts },
          { name: 'init-after', image: ctx.image, command: ['sh', '-c', 'echo should-not-run'], volumeMounts },
        ],
      });
      await hook.createOrUpdate(rg, name, group, { wait: true });
      const state = await waitForGroup(ctx, name, 'the group to fail', (g) => g.instanceView?.state === 'Failed');
      expect(currentStateOf(state, 'init-bad')).toMatchObject({ state: 'Terminated', exitCode: 3 });
      expect(currentStateOf(state, 'init-after')?.state, 'the next init container never ran').not.toBe('Terminated');
      expect(currentStateOf(state, 'init-after')?.state).not.toBe('Running');
      // A moment later the main container still has not run.
      await new Promise((r) => setTimeout(r, 1500));
      const later = await hook.getState(rg, name);
      expect(later.instanceView?.state).toBe('Failed');
      const main = currentStateOf(later, name);
      expect(main?.state, `main container: ${JSON.stringify(main)}`).not.toBe('Running');
      expect(main?.state).not.toBe('Terminated');
      const summary = await hook.getStateExitCodeDetails(rg, name);
      expect(summary.exitCode, 'the main container never ran, so it has no exit code').toBeUndefined();
    }, ctx.timeouts.test);
  });
}
