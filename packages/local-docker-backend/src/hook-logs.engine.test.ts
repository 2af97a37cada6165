import { afterAll, describe, expect, it } from 'vitest';
import type { LogLine } from '@container-hook/core';
import { group, leftovers, makeTestHook, shContainer, until } from './docker-test-utils.js';

const { hook, runId, rg } = makeTestHook();

afterAll(async () => {
  for await (const g of hook.list(rg)) await hook.delete(rg, g.name!);
  expect(await leftovers(runId)).toEqual([]);
});

async function runToEnd(name: string, script: string): Promise<void> {
  await hook.createOrUpdate(rg, name, group([shContainer(name, script)]), { wait: true });
  await until(async () => (await hook.getState(rg, name)).instanceView?.state === 'Succeeded');
}

describe('DockerContainerGroupHook logs', () => {
  it('gives the last N lines exactly, cut by the engine', async () => {
    await runToEnd('many', 'seq 1 20000');
    const lines = await hook.getLogs(rg, 'many', 1000);
    expect(lines).toHaveLength(1000);
    expect(lines.join('')).toBe(Array.from({ length: 1000 }, (_, i) => `${19001 + i}\n`).join(''));
    expect(await hook.getLogs(rg, 'many', 0)).toEqual([]);
    await expect(hook.getLogs(rg, 'many', -1)).rejects.toThrow(RangeError);
    await expect(hook.getLogs(rg, 'many', 2.5)).rejects.toThrow(RangeError);
    expect(await hook.getLogs(rg, 'many', 100_000)).toHaveLength(20000);
  });

  it('reassembles long lines, keeps unicode and a last line without newline, merges stderr', async () => {
    await runToEnd('text', `head -c 40000 /dev/zero | tr '\\0' a; echo; echo 'snow ☃ ü'; echo oops >&2; echo same; echo same; printf 'end'`);
    const lines = await hook.getLogs(rg, 'text');
    // stdout and stderr are separate pipes: the engine orders entries as its copiers see them, so only
    // each stream's own order is certain.
    expect(lines.filter((l) => l !== 'oops\n')).toEqual(['a'.repeat(40000) + '\n', 'snow ☃ ü\n', 'same\n', 'same\n', 'end']);
    expect(lines).toContain('oops\n');
    expect(await hook.getLogs(rg, 'text', 5)).toEqual(lines.slice(1));
    expect(await hook.getLogs(rg, 'text', 6)).toEqual(lines);
    // The cross-stream order is the engine's, so the stamped lines are compared with the unstamped ones.
    const stamped = await hook.getLogs(rg, 'text', 6, { timestamps: true });
    const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;
    expect(stamped.every((l) => stamp.test(l))).toBe(true);
    expect(stamped.map((l) => l.replace(stamp, ''))).toEqual(lines);
  });

  it('gives long lines of multi-byte characters byte for byte, from getLogs and followLogs', async () => {
    // 108,000 bytes: the engine cuts it every 16 KiB, inside characters; then a line of exactly 16 KiB;
    // then an unterminated long line (WARNING: it comes back with a newline, see logs.ts).
    const unit = 'ab€😀';
    await runToEnd(
      'longmb',
      `awk 'BEGIN { s = ""; for (i = 0; i < 12000; i++) s = s "${unit}"; print s; t = ""; for (i = 0; i < 16384; i++) t = t "z"; print t; printf "%s", t "tail" }'`,
    );
    const expected = [unit.repeat(12000) + '\n', 'z'.repeat(16384) + '\n', 'z'.repeat(16384) + 'tail\n'];
    expect(await hook.getLogs(rg, 'longmb', 3)).toEqual(expected);
    expect(await hook.getLogs(rg, 'longmb', 1)).toEqual(expected.slice(2));
    const followed: string[] = [];
    for await (const line of hook.followLogs(rg, 'longmb')) followed.push(line.text);
    expect(followed).toEqual(expected);
  });

  it('follows a container each line exactly once, across a restart, until it is terminal', async () => {
    const script = 'if [ -f /d/once ]; then echo second; exit 0; fi; touch /d/once; for i in 1 2 3; do echo first-$i; sleep 0.1; done; exit 1';
    await hook.createOrUpdate(
      rg,
      'follow',
      group([shContainer('follow', script, { volumeMounts: [{ name: 'scratch', mountPath: '/d' }] })], {
        restartPolicy: 'OnFailure',
        volumes: [{ name: 'scratch', emptyDir: {} }],
      }),
    );
    const seen: LogLine[] = [];
    for await (const line of hook.followLogs(rg, 'follow')) seen.push(line);
    expect(seen.map((l) => l.text)).toEqual(['first-1\n', 'first-2\n', 'first-3\n', 'second\n']);
    expect(seen.every((l) => l.container === 'follow' && l.stream === 'stdout' && l.timestamp instanceof Date)).toBe(true);
    const s = await hook.getState(rg, 'follow');
    expect(s.containers[0]!.instanceView?.restartCount).toBe(1);
    expect(s.instanceView?.state).toBe('Succeeded');
  });

  it('stops following when the signal aborts', async () => {
    await hook.createOrUpdate(rg, 'forever', group([shContainer('forever', 'while true; do echo tick; sleep 0.1; done')]));
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const line of hook.followLogs(rg, 'forever', { abortSignal: controller.signal })) {
      seen.push(line.text);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toEqual(['tick\n', 'tick\n', 'tick\n']);
  });
});
