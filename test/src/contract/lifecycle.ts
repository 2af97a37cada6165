import { describe, expect, it } from 'vitest';
import { isContainerHookError, type ContainerGroup } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { rejectionOf, waitForRunning } from './wait.js';

/** A shell that stops at once on SIGTERM (a plain `sleep` as PID 1 ignores it, making every delete wait for the kill timeout). */
export const LONG_RUNNING = 'trap "exit 0" TERM INT; echo started; while :; do sleep 1; done';

/** create (wait) → getState → exists → list → delete → exists false; double delete; lookups after delete. */
export function describeLifecycleContract(ctx: ContractContext): void {
  describe('lifecycle', () => {
    it('createOrUpdate with wait, getState, exists, list, delete, delete again, then not found', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('life');
      const created = await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, LONG_RUNNING)]), { wait: true });
      expect(created.name).toBe(name);
      expect(created.provisioningState).toBe('Succeeded');

      const state = await waitForRunning(ctx, name);
      expect(state.name).toBe(name);
      expect(state.provisioningState).toBe('Succeeded');
      expect(state.osType).toBe('Linux');
      expect(state.containers.map((c) => c.name)).toEqual([name]);
      expect(state.containers[0]?.image).toBe(ctx.image);
      expect(state.containers[0]?.command).toEqual(['sh', '-c', LONG_RUNNING]);
      expect(state.containers[0]?.instanceView?.currentState?.startTime).toBeInstanceOf(Date);
      expect(state.instanceView?.state).toBe('Running');

      expect(await hook.exists(rg, name)).toBe(true);

      const listed: ContainerGroup[] = [];
      for await (const g of hook.list(rg)) listed.push(g);
      const mine = listed.filter((g) => g.name === name);
      expect(mine).toHaveLength(1);
      // As in ACI, list items carry no instance views.
      expect(mine[0]?.instanceView).toBeUndefined();
      expect(mine[0]?.containers.every((c) => c.instanceView === undefined)).toBe(true);

      await hook.delete(rg, name);
      expect(await hook.exists(rg, name)).toBe(false);
      await expect(hook.delete(rg, name)).resolves.toBeUndefined();

      const e = await rejectionOf('getState after delete', () => hook.getState(rg, name));
      expect(isContainerHookError(e, 'ContainerGroupNotFound'), `expected ContainerGroupNotFound, got ${String(e)}`).toBe(true);
      expect((e as { code?: string }).code).toBe('ContainerGroupNotFound');
      expect((e as Error).name).toBe('ContainerGroupNotFoundError');

      const listedAfter: string[] = [];
      for await (const g of hook.list(rg)) listedAfter.push(g.name ?? '');
      expect(listedAfter).not.toContain(name);
    }, ctx.timeouts.test);

    it('a group that never existed: exists is false, delete resolves, lookups throw ContainerGroupNotFound', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('never');
      expect(await hook.exists(rg, name)).toBe(false);
      await expect(hook.delete(rg, name)).resolves.toBeUndefined();
      for (const [what, call] of [
        ['getState', () => hook.getState(rg, name)],
        ['getStateExitCodeDetails', () => hook.getStateExitCodeDetails(rg, name)],
        ['getMessages', () => hook.getMessages(rg, name)],
        ['getLogs', () => hook.getLogs(rg, name, 10)],
      ] as const) {
        const e = await rejectionOf(what, call);
        expect(isContainerHookError(e, 'ContainerGroupNotFound'), `${what}: expected ContainerGroupNotFound, got ${String(e)}`).toBe(true);
      }
    }, ctx.timeouts.test);
  });
}
