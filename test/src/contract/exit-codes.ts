import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { waitFor, waitForTerminated } from './wait.js';

/**
 * Exit codes 0, 1 and a killed process (137), with `detailStatus` and the group's state; and
 * `getStateExitCodeDetails` before and after termination (never a made-up 0).
 */
export function describeExitCodesContract(ctx: ContractContext): void {
  describe('exit codes', () => {
    it('exit 0 → Terminated/0/Completed, exit 1 → 1/Error, killed → 137, group states Succeeded/Failed', async () => {
      const { hook, resourceGroup: rg } = ctx;
      // WARNING: a container's PID 1 ignores SIGKILL sent from inside its own PID namespace (so a bare
      // `kill -9 $$` in `sh -c` does nothing); a child shell kills itself and the main shell exits with
      // its status, 128 + 9, which is what the engine reports for a killed main process too.
      const cases = [
        { prefix: 'exit0', script: 'echo bye; exit 0', exitCode: 0, detail: 'Completed', groupState: 'Succeeded' },
        { prefix: 'exit1', script: 'echo failing >&2; exit 1', exitCode: 1, detail: 'Error', groupState: 'Failed' },
        { prefix: 'killed', script: `sh -c 'kill -9 $$'; exit $?`, exitCode: 137, detail: undefined, groupState: 'Failed' },
      ];
      const names = cases.map((c) => ctx.groupName(c.prefix));
      await Promise.all(cases.map((c, i) => hook.createOrUpdate(rg, names[i]!, ctx.group([ctx.shContainer(names[i]!, c.script)]), { wait: true })));

      for (const [i, c] of cases.entries()) {
        const name = names[i]!;
        const group = await waitForTerminated(ctx, name);
        const summary = await hook.getStateExitCodeDetails(rg, name);
        expect(summary, c.prefix).toMatchObject({ state: 'Terminated', exitCode: c.exitCode });
        const current = group.containers[0]?.instanceView?.currentState;
        expect(current?.exitCode, c.prefix).toBe(c.exitCode);
        expect(current?.finishTime, c.prefix).toBeInstanceOf(Date);
        expect(current?.startTime, c.prefix).toBeInstanceOf(Date);
        expect.soft(current!.finishTime!.getTime(), `${c.prefix}: finishTime ≥ startTime`).toBeGreaterThanOrEqual(current!.startTime!.getTime());
        if (c.detail) {
          expect(summary.detailStatus, c.prefix).toBe(c.detail);
        } else {
          expect(summary.detailStatus, `${c.prefix}: a killed container needs a detailStatus`).not.toBe('');
          expect(summary.detailStatus, c.prefix).not.toBe('Completed');
        }
        expect(group.containers[0]?.instanceView?.restartCount ?? 0, c.prefix).toBe(0);
        const settled = await waitFor(`group state of ${name}`, () => hook.getState(rg, name), (g) => g.instanceView?.state === c.groupState, ctx.timeouts.state);
        expect(settled.instanceView?.state, c.prefix).toBe(c.groupState);
      }
    }, ctx.timeouts.test);

    it('getStateExitCodeDetails: exitCode undefined until terminated, then the real code', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('details');
      // No wait: the summary right after acceptance must not invent an exit code either.
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, 'trap "exit 5" TERM; sleep 3; exit 5')]));
      const early = await hook.getStateExitCodeDetails(rg, name);
      expect(early.exitCode, `right after createOrUpdate: ${JSON.stringify(early)}`).toBeUndefined();
      expect(typeof early.state).toBe('string');
      expect(early.state).not.toBe('Terminated');
      expect(typeof early.detailStatus).toBe('string');

      const running = await waitFor('the container to run', () => hook.getStateExitCodeDetails(rg, name), (s) => s.state === 'Running', ctx.timeouts.state, 100);
      expect(running.exitCode).toBeUndefined();

      const done = await waitFor('the container to terminate', () => hook.getStateExitCodeDetails(rg, name), (s) => s.state === 'Terminated', ctx.timeouts.state);
      expect(done).toEqual({ state: 'Terminated', exitCode: 5, detailStatus: 'Error' });
    }, ctx.timeouts.test);
  });
}
