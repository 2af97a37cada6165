import { describe, expect, it } from 'vitest';
import type { LogLine } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { LONG_RUNNING } from './lifecycle.js';
import { waitForRunning, within } from './wait.js';

const FOLLOW_LINES = 2000;

/** `followLogs`: every line exactly once while the container writes, ends when the group is terminal, stops on abort. */
export function describeFollowLogsContract(ctx: ContractContext): void {
  describe('followLogs', () => {
    it(`yields each of ${FOLLOW_LINES} lines written over a few seconds exactly once, then ends when the group is terminal`, async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('follow');
      // Sleeps first so that following starts before the first line; every 10th line goes to stderr.
      const script = `sleep 2; i=1; while [ $i -le ${FOLLOW_LINES} ]; do if [ $((i % 10)) -eq 0 ]; then echo "err $i" >&2; else echo "out $i"; fi; if [ $((i % 200)) -eq 0 ]; then sleep 0.3; fi; i=$((i + 1)); done`;
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, script)]), { wait: true });

      const seen: LogLine[] = [];
      await within('followLogs ending after the container terminated', ctx.timeouts.state, (async () => {
        for await (const line of hook.followLogs(rg, name)) seen.push(line);
      })());

      const written: string[] = [];
      for (let i = 1; i <= FOLLOW_LINES; i++) written.push(i % 10 === 0 ? `err ${i}\n` : `out ${i}\n`);
      expect(seen.length, 'each line exactly once').toBe(FOLLOW_LINES);
      // Which stream a line came from: as the backend says, or — when its log API merges the streams
      // without saying (ACI) — as the line's text says. Across streams no engine keeps the written order
      // exactly (it stamps lines as it reads each pipe), so each stream's order is what is checked.
      const merged = ctx.capabilities.logStreams === 'merged';
      const out = seen.filter((l) => (merged ? l.text.startsWith('out') : l.stream === 'stdout')).map((l) => l.text);
      const err = seen.filter((l) => (merged ? l.text.startsWith('err') : l.stream === 'stderr')).map((l) => l.text);
      expect(out).toEqual(written.filter((l) => l.startsWith('out')));
      expect(err).toEqual(written.filter((l) => l.startsWith('err')));
      expect(seen.every((l) => l.container === name)).toBe(true);
      for (const l of seen) if (l.timestamp !== undefined) expect(l.timestamp).toBeInstanceOf(Date);

      const summary = await hook.getStateExitCodeDetails(rg, name);
      expect(summary).toMatchObject({ state: 'Terminated', exitCode: 0 });
    }, ctx.timeouts.test);

    it('stops when its AbortSignal aborts, and does not start on an aborted signal', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('followabort');
      const script = 'trap "exit 0" TERM INT; i=0; while :; do i=$((i + 1)); echo "tick $i"; sleep 0.1; done';
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, script)]), { wait: true });
      await waitForRunning(ctx, name);

      const controller = new AbortController();
      const seen: string[] = [];
      let ended: unknown = 'returned';
      await within('followLogs ending after abort', 10_000, (async () => {
        try {
          for await (const line of hook.followLogs(rg, name, { abortSignal: controller.signal })) {
            seen.push(line.text);
            if (seen.length === 5) controller.abort();
          }
        } catch (e) {
          ended = e;
        }
      })());
      if (ended !== 'returned') expect((ended as Error).name, `followLogs may end by throwing an AbortError only, got ${String(ended)}`).toBe('AbortError');
      expect(seen.length).toBeGreaterThanOrEqual(5);
      expect(seen.slice(0, 5)).toEqual(['tick 1\n', 'tick 2\n', 'tick 3\n', 'tick 4\n', 'tick 5\n']);
      expect(seen.length, 'no lines after the abort beyond those already delivered in the same chunk').toBeLessThan(50);

      // The group is still running: aborting stops our following, not the group.
      expect((await hook.getStateExitCodeDetails(rg, name)).state).toBe('Running');

      const already = AbortSignal.abort();
      let count = 0;
      let thrown: unknown;
      await within('followLogs on an aborted signal ending', 10_000, (async () => {
        try {
          for await (const _ of hook.followLogs(rg, name, { abortSignal: already })) count++;
        } catch (e) {
          thrown = e;
        }
      })());
      expect(count).toBe(0);
      if (thrown !== undefined) expect((thrown as Error).name).toBe('AbortError');
    }, ctx.timeouts.test);

    it('follows the container named in options, the long-running one of two', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('followpick');
      const side = ctx.shContainer('side', 'sleep 1; for i in 1 2 3; do echo "side $i"; sleep 0.5; done');
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, LONG_RUNNING), side]), { wait: true });
      const seen: LogLine[] = [];
      await within('followLogs of "side" ending', ctx.timeouts.state, (async () => {
        for await (const line of hook.followLogs(rg, name, { container: 'side' })) {
          seen.push(line);
          if (seen.length === 3) break;
        }
      })());
      expect(seen.map((l) => [l.container, l.text])).toEqual([['side', 'side 1\n'], ['side', 'side 2\n'], ['side', 'side 3\n']]);
    }, ctx.timeouts.test);
  });
}
