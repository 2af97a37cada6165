import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { waitFor, waitForRunning } from './wait.js';

const serve = (version: string) => `trap "exit 0" TERM INT; echo ${version}; while :; do sleep 1; done`;

/** Re-applying the same group changes nothing; a changed group is replaced. */
export function describeIdempotencyContract(ctx: ContractContext): void {
  describe('idempotent createOrUpdate', () => {
    it('the same spec again restarts nothing; a changed spec replaces the group', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('idem');
      const spec = (version: string): ContainerGroup =>
        ctx.group([ctx.shContainer(name, serve(version)), ctx.shContainer('sidecar', serve('sidecar'))], { tags: { purpose: 'contract' } });

      await hook.createOrUpdate(rg, name, spec('v1'), { wait: true });
      const first = await waitForRunning(ctx, name);
      await waitForRunning(ctx, name, 'sidecar');
      const starts = (g: ContainerGroup) => g.containers.map((c) => [c.name, c.instanceView?.currentState?.startTime?.getTime(), c.instanceView?.restartCount]);
      const before = starts(await hook.getState(rg, name));
      expect(before.every(([, t]) => typeof t === 'number')).toBe(true);

      const again = await hook.createOrUpdate(rg, name, spec('v1'), { wait: true });
      expect(again.provisioningState).toBe('Succeeded');
      await new Promise((r) => setTimeout(r, 1000));
      const same = await hook.getState(rg, name);
      expect(starts(same), 'same start times and restart counts: nothing restarted').toEqual(before);
      expect(same.containers.map((c) => c.instanceView?.currentState?.state)).toEqual(['Running', 'Running']);
      expect(await hook.getLogs(rg, name, 100)).toEqual(['v1\n']);
      expect(same.tags).toEqual(first.tags);

      await hook.createOrUpdate(rg, name, spec('v2'), { wait: true });
      const replaced = await waitFor('the changed group to run v2', () => hook.getLogs(rg, name, 100), (lines) => lines.includes('v2\n'), ctx.timeouts.state);
      expect(replaced).toEqual(['v2\n']);
      const after = await waitForRunning(ctx, name);
      expect(after.containers[0]?.command).toEqual(['sh', '-c', serve('v2')]);
      expect(await hook.exists(rg, name)).toBe(true);
    }, ctx.timeouts.test);
  });
}
