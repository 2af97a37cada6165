import { describe, expect, it } from 'vitest';
import { runContainerGroup, type RunContainerGroupOptions, type RunEvent } from '@container-hook/core';
import type { ContractContext } from './context.js';

/**
 * `runContainerGroup` (Airflow's operator loop) on the backend under test: exit codes, every log line
 * exactly once, state and event reporting, failure, a vanished group, timeout, abort, the four cleanup
 * combinations, `failIfExists`, and an OnFailure job that fails once and then succeeds.
 *
 * `Unhealthy` (an ACI Spot group being repaired) cannot be produced by every backend; the core's
 * run-container-group.test.ts covers it on scripted ACI states.
 */
export function describeRunLoopContract(ctx: ContractContext): void {
  // Quicker than the 1 s default so the suite stays short; still a floor between state calls.
  const base: RunContainerGroupOptions = { minCallIntervalInMs: 100, maxPollIntervalInMs: 1000 };

  const run = (name: string, script: string, options: RunContainerGroupOptions = {}, extra = {}) => {
    const events: RunEvent[] = [];
    const group = ctx.group([ctx.shContainer(name, script)], extra);
    const promise = runContainerGroup(ctx.hook, ctx.resourceGroup, name, group, { ...base, ...options, onEvent: (e) => events.push(e) });
    return { events, promise };
  };
  const logText = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'log' ? [e.line.text] : [])).join('');

  describe('runContainerGroup', () => {
    it('returns exit codes 0, 3 and 137 (killed), with the last log line, and deletes the groups', async () => {
      const cases = [
        { prefix: 'run-exit0', script: 'echo done', exitCode: 0, last: 'done\n' },
        { prefix: 'run-exit3', script: 'echo failing; exit 3', exitCode: 3, last: 'failing\n' },
        // A child shell kills itself: PID 1 ignores SIGKILL sent from inside its own namespace (see exit-codes.ts).
        // The shell reports "Killed" on stderr after its child died; silence it so the last line is ours.
        { prefix: 'run-killed', script: `echo about to die; exec 2>/dev/null; sh -c 'kill -9 $$'; exit $?`, exitCode: 137, last: 'about to die\n' },
      ];
      const results = await Promise.all(cases.map((c) => run(ctx.groupName(c.prefix), c.script).promise));
      for (const [i, c] of cases.entries()) {
        expect(results[i], c.prefix).toMatchObject({ exitCode: c.exitCode, state: 'Terminated', lastLogLine: c.last, deleted: true });
        expect(await ctx.hook.exists(ctx.resourceGroup, `${c.prefix}-${ctx.runId}`), c.prefix).toBe(false);
      }
    }, ctx.timeouts.test);

    it('reports every line exactly once and in order: 5,000 lines, runs of identical lines, a burst beyond the tail window', async () => {
      const name = ctx.groupName('run-lines');
      // 1,000 numbered lines slowly, 1,500 identical lines at once, a burst of 2,000 numbered lines (more
      // than getLogs' default tail of 1,000), 500 blank lines, then a trailing line without newline.
      const script = [
        'i=1; while [ $i -le 1000 ]; do echo "n$i"; if [ $((i % 100)) -eq 0 ]; then sleep 0.1; fi; i=$((i+1)); done',
        'yes same | head -n 1500',
        'seq 1 2000',
        'yes "" | head -n 500',
        'printf "tail-without-newline"',
      ].join('; ');
      const { events, promise } = run(name, script, { collectLogs: true });
      const result = await promise;
      const expected =
        Array.from({ length: 1000 }, (_, i) => `n${i + 1}\n`).join('') +
        'same\n'.repeat(1500) +
        Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join('') +
        '\n'.repeat(500) +
        'tail-without-newline';
      expect(result.exitCode).toBe(0);
      expect(result.logs?.join('')).toBe(expected);
      expect(result.logs?.length).toBe(5001);
      expect(logText(events)).toBe(expected);
      expect(result.lastLogLine).toBe('tail-without-newline');
    }, ctx.timeouts.test);

    it('reports state changes in order, each once, and each event once', async () => {
      const name = ctx.groupName('run-states');
      const { events, promise } = run(name, 'echo start; sleep 2; echo end');
      await promise;
      const states = events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
      expect(states.at(-1)).toBe('Terminated');
      expect(states).toContain('Running');
      expect(states.indexOf('Running')).toBeLessThan(states.lastIndexOf('Terminated'));
      // Consecutive duplicates would mean a change reported twice.
      const reported = events.filter((e) => e.type === 'state').map((e) => JSON.stringify(e));
      for (let i = 1; i < reported.length; i++) expect(reported[i], `state event ${i} repeats ${i - 1}`).not.toBe(reported[i - 1]);
      const eventIds = events.flatMap((e) => (e.type === 'event' ? [JSON.stringify([e.container, e.event.name, e.event.message, e.event.count, e.event.firstTimestamp])] : []));
      expect(eventIds.length).toBeGreaterThan(0);
      expect(new Set(eventIds).size).toBe(eventIds.length);
      expect(events.at(-1)?.type).toBe('done');
    }, ctx.timeouts.test);

    it('fails with ContainerGroupFailed when the group fails (a failing init container), and deletes it', async () => {
      const name = ctx.groupName('run-failed');
      const group = ctx.group([ctx.shContainer(name, 'echo never')], {
        initContainers: [{ name: 'init-fails', image: ctx.image, command: ['sh', '-c', 'echo init; exit 4'] }],
      });
      const error = await runContainerGroup(ctx.hook, ctx.resourceGroup, name, group, base).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ContainerGroupFailed' });
      expect(await ctx.hook.exists(ctx.resourceGroup, name)).toBe(false);
    }, ctx.timeouts.test);

    it('fails with ContainerGroupNotFound when the group vanishes mid-run', async () => {
      const name = ctx.groupName('run-vanish');
      const { events, promise } = run(name, 'echo up; sleep 60');
      const settled = promise.catch((e: unknown) => e);
      await waitForEvent(events, (e) => e.type === 'log', ctx.timeouts.state);
      await ctx.hook.delete(ctx.resourceGroup, name);
      expect(await settled).toMatchObject({ code: 'ContainerGroupNotFound' });
    }, ctx.timeouts.test);

    it('times out with OperationTimeout and deletes the group', async () => {
      const name = ctx.groupName('run-timeout');
      const error = await run(name, 'sleep 60', { timeoutInMs: 3000 }).promise.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'OperationTimeout' });
      expect(await ctx.hook.exists(ctx.resourceGroup, name)).toBe(false);
    }, ctx.timeouts.test);

    it('stops on abort with AbortError and deletes the group (removeOnError), or keeps it without', async () => {
      for (const removeOnError of [true, false]) {
        const name = ctx.groupName(removeOnError ? 'run-abort' : 'run-abort-keep');
        const controller = new AbortController();
        const { events, promise } = run(name, 'echo up; sleep 60', { abortSignal: controller.signal, removeOnError });
        const settled = promise.catch((e: unknown) => e);
        await waitForEvent(events, (e) => e.type === 'log', ctx.timeouts.state);
        controller.abort();
        expect(await settled).toMatchObject({ name: 'AbortError' });
        expect(await ctx.hook.exists(ctx.resourceGroup, name), `removeOnError=${removeOnError}`).toBe(!removeOnError);
      }
    }, ctx.timeouts.test);

    it('honours the four cleanup combinations on success and on a non-zero exit', async () => {
      const combos = [
        [true, true],
        [true, false],
        [false, true],
        [false, false],
      ] as const;
      const cases = combos.flatMap(([removeOnSuccess, removeOnError], i) =>
        [0, 2].map((exitCode) => ({ removeOnSuccess, removeOnError, exitCode, name: ctx.groupName(`run-clean${i}-${exitCode}`) })),
      );
      const results = await Promise.all(cases.map((c) => run(c.name, `exit ${c.exitCode}`, { removeOnSuccess: c.removeOnSuccess, removeOnError: c.removeOnError }).promise));
      for (const [i, c] of cases.entries()) {
        const expectDeleted = c.exitCode === 0 ? c.removeOnSuccess : c.removeOnError;
        const label = JSON.stringify(c);
        expect(results[i]?.exitCode, label).toBe(c.exitCode);
        expect(results[i]?.deleted, label).toBe(expectDeleted);
        expect(await ctx.hook.exists(ctx.resourceGroup, c.name), label).toBe(!expectDeleted);
      }
    }, ctx.timeouts.test);

    it('refuses an existing group with failIfExists (default) and leaves it untouched', async () => {
      const name = ctx.groupName('run-exists');
      const existing = ctx.group([ctx.shContainer(name, 'echo original; sleep 30')]);
      await ctx.hook.createOrUpdate(ctx.resourceGroup, name, existing, { wait: true });
      const before = await ctx.hook.getState(ctx.resourceGroup, name);
      const error = await run(name, 'echo replacement').promise.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ContainerGroupExists' });
      const after = await ctx.hook.getState(ctx.resourceGroup, name);
      expect(after.containers[0]?.command).toEqual(before.containers[0]?.command);
      expect(after.containers[0]?.instanceView?.currentState?.startTime).toEqual(before.containers[0]?.instanceView?.currentState?.startTime);
      const replaced = await run(name, 'echo replacement', { failIfExists: false }).promise;
      expect(replaced).toMatchObject({ exitCode: 0, lastLogLine: 'replacement\n' });
    }, ctx.timeouts.test);

    it('follows an OnFailure job that fails once and then succeeds, with the lines of both runs once', async () => {
      const name = ctx.groupName('run-onfailure');
      const group = ctx.group(
        [
          ctx.shContainer(name, 'if [ -f /marker/ran ]; then echo second-run; exit 0; fi; touch /marker/ran; echo first-run; exit 1', {
            volumeMounts: [{ name: 'marker', mountPath: '/marker' }],
          }),
        ],
        { restartPolicy: 'OnFailure', volumes: [{ name: 'marker', emptyDir: {} }] },
      );
      const events: RunEvent[] = [];
      const result = await runContainerGroup(ctx.hook, ctx.resourceGroup, name, group, { ...base, collectLogs: true, onEvent: (e) => events.push(e) });
      expect(result).toMatchObject({ exitCode: 0, restartCount: 1, logs: ['first-run\n', 'second-run\n'], deleted: true });
      const exits = events.flatMap((e) => (e.type === 'state' && e.state === 'Terminated' ? [e.exitCode] : []));
      expect(exits.at(-1)).toBe(0);
    }, ctx.timeouts.test);
  });
}

async function waitForEvent(events: RunEvent[], match: (e: RunEvent) => boolean, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!events.some(match)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutInMs} ms waiting for a run event; seen: ${JSON.stringify(events.map((e) => e.type))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
