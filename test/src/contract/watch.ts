import { describe, expect, it } from 'vitest';
import { isContainerHookError, isTerminalGroup, type ContainerGroup } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { currentStateOf, rejectionOf, waitForGroup, waitForRunning, within } from './wait.js';

/**
 * `watch` is optional. Where the backend has it: it yields the group now and on each change until the group
 * is terminal, then ends; a missing group throws ContainerGroupNotFound. Where it has none, the case says so
 * and checks what callers do instead (the run loop polls `getState`) sees the same end.
 */
export function describeWatchContract(ctx: ContractContext): void {
  describe('watch (optional)', () => {
    it('watch yields the group now and on each change until terminal, then ends; without watch, polling getState sees the same', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('watch');
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, 'echo started; sleep 2; exit 3')]), { wait: true });
      await waitForRunning(ctx, name);

      let last: ContainerGroup;
      if (typeof hook.watch === 'function') {
        console.info('watch: the backend has watch; checking what it yields');
        const seen: ContainerGroup[] = [];
        // Ends by itself once the group is terminal; `within` fails the case if it never does.
        await within('watch to end after the group is terminal', ctx.timeouts.state, (async () => {
          for await (const g of hook.watch!(rg, name)) seen.push(g);
        })());
        const summary = seen.map((g) => `${String(g.instanceView?.state)}/${String(currentStateOf(g, name)?.state)}`);
        expect(seen.length, `yields: ${JSON.stringify(summary)}`).toBeGreaterThanOrEqual(2);
        for (const g of seen) expect(g.name).toBe(name);
        expect(currentStateOf(seen[0]!, name)?.state, `the first yield is the group now (running): ${JSON.stringify(summary)}`).toBe('Running');
        expect(seen.slice(0, -1).some((g) => isTerminalGroup(g)), `only the last yield is terminal: ${JSON.stringify(summary)}`).toBe(false);
        last = seen.at(-1)!;

        const e = await rejectionOf('watch of a missing group', async () => {
          for await (const _g of hook.watch!(rg, ctx.groupName('nowatch'))) {
            // a missing group must not be yielded
          }
        });
        expect(isContainerHookError(e, 'ContainerGroupNotFound'), `watch of a missing group: expected ContainerGroupNotFound, got ${String(e)}`).toBe(true);
      } else {
        console.info('watch: the backend has no watch; callers (runContainerGroup) poll getState instead');
        expect(hook.watch, 'watch is either a function or absent').toBeUndefined();
        last = await waitForGroup(ctx, name, 'the group to be terminal (polling getState, as the run loop does)', isTerminalGroup);
      }
      expect(isTerminalGroup(last), 'the last group seen is terminal').toBe(true);
      expect(currentStateOf(last, name)).toMatchObject({ state: 'Terminated', exitCode: 3 });
      expect(last.instanceView?.state).toBe('Failed');
    }, ctx.timeouts.test);
  });
}
