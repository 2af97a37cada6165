import { describe, expect, it } from 'vitest';
import { isContainerHookError, isTerminalGroup, type ContainerGroup } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { LONG_RUNNING } from './lifecycle.js';
import { currentStateOf, rejectionOf, waitFor, waitForGroup, waitForRunning } from './wait.js';

/** The main container's current start time, in ms (NaN when there is none). */
function startTimeOf(group: ContainerGroup, containerName: string): number {
  return currentStateOf(group, containerName)?.startTime?.getTime() ?? Number.NaN;
}

/** The last `token …` line of `lines`. */
function lastToken(lines: string[]): string | undefined {
  return lines.filter((l) => l.startsWith('token ')).at(-1);
}

/** `stop` → group `Stopped`, container `Terminated`, logs kept; `start` → a new run; `restart` → a new run; missing group → not found. */
export function describeStartStopContract(ctx: ContractContext): void {
  describe('start, stop, restart', () => {
    it('stop: the container is Terminated and the group Stopped (its Always policy does not restart it), logs readable; stop again is fine; start: a new run', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('stopstart');
      // `Always`, so that a container the policy restarted after `stop` would show.
      // Each run prints a random token, so that the logs tell a new run from the old one on every backend
      // (the Docker backend keeps earlier runs' logs; ACI re-creates the containers).
      const script = `echo "token $RANDOM$RANDOM"; ${LONG_RUNNING}`;
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, script)], { restartPolicy: 'Always' }), { wait: true });
      const running = await waitForRunning(ctx, name);
      const firstStart = startTimeOf(running, name);
      expect(firstStart, 'startTime of the first run').not.toBeNaN();
      const firstLogs = await waitFor('the first run to print "started"', () => hook.getLogs(rg, name, 10), (l) => l.includes('started\n'), ctx.timeouts.state);
      const firstToken = lastToken(firstLogs);
      expect(firstToken, `a token line among ${JSON.stringify(firstLogs)}`).toMatch(/^token \d+\n$/);

      await hook.stop(rg, name);
      const stopped = await waitForGroup(ctx, name, 'the group to be Stopped with its container Terminated', (g) => g.instanceView?.state === 'Stopped' && currentStateOf(g, name)?.state === 'Terminated');
      expect(isTerminalGroup(stopped), 'a stopped group is terminal').toBe(true);
      expect(await hook.exists(rg, name), 'a stopped group still exists').toBe(true);
      const stoppedLogs = await hook.getLogs(rg, name, 10);
      expect(lastToken(stoppedLogs), 'the logs of a stopped group are readable').toBe(firstToken);
      expect(stoppedLogs, 'the logs of a stopped group are readable').toContain('started\n');
      // The restart policy does not restart a stopped group's containers.
      await new Promise((r) => setTimeout(r, 1500));
      const later = await hook.getState(rg, name);
      expect(later.instanceView?.state, 'still Stopped').toBe('Stopped');
      expect(currentStateOf(later, name)?.state, 'still Terminated').toBe('Terminated');
      await expect(hook.stop(rg, name), 'stopping a stopped group is not an error').resolves.toBeUndefined();

      await hook.start(rg, name);
      const again = await waitForGroup(ctx, name, 'a new run (Running, a later startTime)', (g) => currentStateOf(g, name)?.state === 'Running' && startTimeOf(g, name) > firstStart);
      expect(again.instanceView?.state).toBe('Running');
      expect(again.provisioningState).toBe('Succeeded');
      console.info(`start after stop: restartCount ${String(again.containers[0]?.instanceView?.restartCount)}, previousState ${JSON.stringify(again.containers[0]?.instanceView?.previousState)}`);
      const logs = await waitFor('the new run to print its token and "started"', () => hook.getLogs(rg, name, 10), (l) => lastToken(l) !== firstToken && l.at(-1) === 'started\n', ctx.timeouts.state);
      expect(lastToken(logs), 'the new run\'s token').toMatch(/^token \d+\n$/);
      await expect(hook.start(rg, name), 'starting a running group is not an error').resolves.toBeUndefined();
      expect(currentStateOf(await hook.getState(rg, name), name)?.state).toBe('Running');
    }, ctx.timeouts.test);

    it('restart: the running container runs again (a later startTime, and a second run counted in an emptyDir volume)', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('restart');
      // Each run appends a line to the volume and prints how many runs it has seen.
      const script = `echo run >> /marker/runs; echo "run $(wc -l < /marker/runs)"; ${LONG_RUNNING}`;
      const group = ctx.group([ctx.shContainer(name, script, { volumeMounts: [{ name: 'marker', mountPath: '/marker' }] })], { volumes: [{ name: 'marker', emptyDir: {} }] });
      await hook.createOrUpdate(rg, name, group, { wait: true });
      const running = await waitForRunning(ctx, name);
      const firstStart = startTimeOf(running, name);
      expect(firstStart, 'startTime of the first run').not.toBeNaN();

      await hook.restart(rg, name);
      const again = await waitForGroup(ctx, name, 'a new run (Running, a later startTime)', (g) => currentStateOf(g, name)?.state === 'Running' && startTimeOf(g, name) > firstStart);
      expect(again.instanceView?.state).toBe('Running');
      console.info(`restart: restartCount ${String(again.containers[0]?.instanceView?.restartCount)}, previousState ${JSON.stringify(again.containers[0]?.instanceView?.previousState)}`);
      const logs = await waitFor('the second run to print "run 2"', () => hook.getLogs(rg, name, 100), (l) => l.includes('run 2\n'), ctx.timeouts.state);
      expect(logs.filter((l) => l.startsWith('run ')).at(-1), 'the last run saw the first run\'s marker').toBe('run 2\n');
    }, ctx.timeouts.test);

    it('start, stop and restart of a group that does not exist throw ContainerGroupNotFound', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('nostart');
      for (const [what, call] of [
        ['start', () => hook.start(rg, name)],
        ['stop', () => hook.stop(rg, name)],
        ['restart', () => hook.restart(rg, name)],
      ] as const) {
        const e = await rejectionOf(what, call);
        expect(isContainerHookError(e, 'ContainerGroupNotFound'), `${what}: expected ContainerGroupNotFound, got ${String(e)}`).toBe(true);
        expect((e as Error).name).toBe('ContainerGroupNotFoundError');
      }
      expect(await hook.exists(rg, name), 'nothing was created').toBe(false);
    }, ctx.timeouts.test);
  });
}
