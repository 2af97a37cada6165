import { afterAll, describe, expect, it } from 'vitest';
import { isContainerHookError, type ContainerGroup } from '@container-hook/core';
import { group, leftovers, makeTestHook, shContainer } from './docker-test-utils.js';

const { hook, runId, rg } = makeTestHook();

afterAll(async () => {
  for await (const g of hook.list(rg)) await hook.delete(rg, g.name!);
  expect(await leftovers(runId)).toEqual([]);
});

/** The main container's state as a short string: `Running#0` (restartCount 0), `Terminated(1)#0`, `Waiting(prev 1)#1`. */
function summary(g: ContainerGroup): string {
  const view = g.containers[0]!.instanceView;
  const s = view?.currentState;
  const state = s?.state === 'Terminated' ? `Terminated(${s.exitCode})` : s?.state === 'Waiting' ? `Waiting(prev ${view?.previousState?.exitCode})` : (s?.state ?? '?');
  return `${state}#${view?.restartCount}`;
}

describe('DockerContainerGroupHook watch', () => {
  it('yields each state of a job that restarts once under OnFailure, in order, then ends', async () => {
    // The first run fails after a moment, the second succeeds after a moment (an emptyDir marker).
    const script = 'sleep 1; if [ -f /d/once ]; then echo second; exit 0; fi; touch /d/once; echo first; exit 1';
    await hook.createOrUpdate(
      rg,
      'watched',
      group([shContainer('watched', script, { volumeMounts: [{ name: 'scratch', mountPath: '/d' }] })], {
        restartPolicy: 'OnFailure',
        volumes: [{ name: 'scratch', emptyDir: {} }],
      }),
    );
    const seen: ContainerGroup[] = [];
    const started = Date.now();
    for await (const g of hook.watch(rg, 'watched')) seen.push(g);
    expect(Date.now() - started).toBeLessThan(20_000);
    const states = seen.map(summary);
    // Between the runs the engine is already restarting when it reports the exit: the failed run shows as
    // Waiting (CrashLoopBackOff) with previousState Terminated(1), when a read falls in the 100 ms back-off.
    const runs = states.filter((s) => !s.startsWith('Waiting')).filter((s, i, all) => s !== all[i - 1]);
    expect(runs).toEqual(['Running#0', 'Running#1', 'Terminated(0)#1']);
    for (const s of states.filter((x) => x.startsWith('Waiting'))) expect(s).toBe('Waiting(prev 1)#1');
    const second = seen.find((g) => summary(g) === 'Running#1')!;
    expect(second.containers[0]!.instanceView?.previousState).toMatchObject({ state: 'Terminated', exitCode: 1, detailStatus: 'Error' });
    // Few reads: one per burst of events, no polling (start, die, start, die and the first read).
    expect(seen.length).toBeLessThanOrEqual(8);
    const last = seen.at(-1)!;
    expect(last.instanceView?.state).toBe('Succeeded');
    expect(last.containers[0]!.instanceView?.restartCount).toBe(1);
    expect(last.containers[0]!.instanceView?.previousState).toMatchObject({ state: 'Terminated', exitCode: 1, detailStatus: 'Error' });
    const prev = last.containers[0]!.instanceView!.previousState!;
    expect(prev.finishTime!.getTime()).toBeGreaterThanOrEqual(prev.startTime!.getTime());
    // A terminal group: the watch yields it once and ends.
    const again: ContainerGroup[] = [];
    for await (const g of hook.watch(rg, 'watched')) again.push(g);
    expect(again).toHaveLength(1);
    await hook.delete(rg, 'watched');
  });

  it('throws ContainerGroupNotFoundError when the group is deleted while watched, and stops on abort', async () => {
    await hook.createOrUpdate(rg, 'vanish', group([shContainer('vanish', 'sleep 60')], { restartPolicy: 'Never' }), { wait: true });
    const seen: string[] = [];
    // The watch may throw while `delete` is still awaited: its outcome is caught at once, so that the
    // rejection is never unhandled (Vitest would count it as an error of the run).
    const settled = (async () => {
      for await (const g of hook.watch(rg, 'vanish')) seen.push(summary(g));
    })().then(
      () => 'returned',
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 500));
    await hook.delete(rg, 'vanish');
    expect(isContainerHookError(await settled, 'ContainerGroupNotFound'), `watch ended with ${String(await settled)}`).toBe(true);
    // The member killed by delete is never reported as a terminated run.
    expect(seen).toEqual(['Running#0']);

    await hook.createOrUpdate(rg, 'aborted', group([shContainer('aborted', 'sleep 60')], { restartPolicy: 'Never' }), { wait: true });
    const controller = new AbortController();
    const states: string[] = [];
    for await (const g of hook.watch(rg, 'aborted', { abortSignal: controller.signal })) {
      states.push(summary(g));
      setTimeout(() => controller.abort(), 100);
    }
    expect(states).toEqual(['Running#0']);
    await expect(async () => {
      for await (const _ of hook.watch(rg, 'nosuch')) void _;
    }).rejects.toSatisfy((e) => isContainerHookError(e, 'ContainerGroupNotFound'));
    await hook.delete(rg, 'aborted');
  });
});
