import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { currentStateOf, waitForGroup, waitForTerminated } from './wait.js';

/** restartPolicy OnFailure / Never / Always, with `restartCount` and `previousState`. */
export function describeRestartPoliciesContract(ctx: ContractContext): void {
  describe('restart policies', () => {
    it('OnFailure: fails on the first run, succeeds on the second (emptyDir marker), restartCount 1, then stays terminated', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('onfailure');
      const script = 'if [ -f /marker/ran ]; then echo second-run; exit 0; fi; touch /marker/ran; echo first-run; exit 1';
      const group = ctx.group([ctx.shContainer(name, script, { volumeMounts: [{ name: 'marker', mountPath: '/marker' }] })], {
        restartPolicy: 'OnFailure',
        volumes: [{ name: 'marker', emptyDir: {} }],
      });
      await hook.createOrUpdate(rg, name, group, { wait: true });
      const done = await waitForGroup(ctx, name, 'the second run to succeed', (g) => {
        const s = currentStateOf(g, name);
        return s?.state === 'Terminated' && s.exitCode === 0;
      });
      const view = done.containers[0]?.instanceView;
      expect(view?.restartCount).toBe(1);
      expect.soft(view?.previousState, 'previousState after a restart').toMatchObject({ state: 'Terminated', exitCode: 1 });
      expect(done.instanceView?.state).toBe('Succeeded');
      const logs = (await hook.getLogs(rg, name, 100)).join('');
      expect(logs).toContain('second-run\n');
      // An exit 0 is not restarted under OnFailure.
      await new Promise((r) => setTimeout(r, 2000));
      const later = await hook.getState(rg, name);
      expect(later.containers[0]?.instanceView?.restartCount).toBe(1);
      expect(currentStateOf(later, name)).toMatchObject({ state: 'Terminated', exitCode: 0 });
    }, ctx.timeouts.test);

    it('Never: a failed container stays terminated with restartCount 0', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('never-restart');
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, 'echo once; exit 2')], { restartPolicy: 'Never' }), { wait: true });
      await waitForTerminated(ctx, name);
      await new Promise((r) => setTimeout(r, 2000));
      const state = await hook.getState(rg, name);
      expect(state.containers[0]?.instanceView?.restartCount).toBe(0);
      expect(state.containers[0]?.instanceView?.previousState).toBeUndefined();
      expect(currentStateOf(state, name)).toMatchObject({ state: 'Terminated', exitCode: 2 });
      expect(await hook.getLogs(rg, name, 10)).toEqual(['once\n']);
    }, ctx.timeouts.test);

    it('Always: a container that exits is restarted again and again, restartCount grows', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('always');
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, 'echo tick; sleep 0.3; exit 0')], { restartPolicy: 'Always' }), { wait: true });
      const first = await waitForGroup(ctx, name, 'restartCount ≥ 2', (g) => (g.containers[0]?.instanceView?.restartCount ?? 0) >= 2);
      const count = first.containers[0]?.instanceView?.restartCount ?? 0;
      expect(first.containers[0]?.instanceView?.previousState?.state).toBe('Terminated');
      const later = await waitForGroup(ctx, name, `restartCount > ${count}`, (g) => (g.containers[0]?.instanceView?.restartCount ?? 0) > count);
      expect(later.containers[0]?.instanceView?.restartCount).toBeGreaterThan(count);
      // A group that restarts forever is not terminal.
      expect(later.instanceView?.state).not.toBe('Succeeded');
      expect(later.instanceView?.state).not.toBe('Failed');
    }, ctx.timeouts.test);
  });
}
