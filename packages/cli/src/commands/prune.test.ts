import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import { runCli } from '../cli-test-utils.js';
import { createFakeHook } from '../fake-hook-test-utils.js';

const NOW = new Date('2026-05-01T12:00:00.000Z');
const group = (tags?: Record<string, string>): ContainerGroup => ({
  osType: 'Linux',
  containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: 1, memoryInGB: 1 } } }],
  ...(tags ? { tags } : {}),
});
const cli = (at: string) => ({ 'created-by': 'container-hook-cli', 'created-at': at });

function seeded() {
  const hook = createFakeHook();
  hook.seed('rg', 'old-run', group(cli('2026-05-01T09:00:00.000Z')));
  hook.seed('rg', 'young-run', group(cli('2026-05-01T11:30:00.000Z')));
  hook.seed('rg', 'foreign-old', group({ 'created-at': '2020-01-01T00:00:00.000Z' }));
  hook.seed('rg', 'other-tool', group({ 'created-by': 'someone-else', 'created-at': '2020-01-01T00:00:00.000Z' }));
  hook.seed('rg', 'untagged', group());
  hook.seed('rg', 'bad-date', group(cli('yesterday')));
  hook.seed('other-rg', 'old-elsewhere', group(cli('2020-01-01T00:00:00.000Z')));
  return hook;
}

describe('prune', () => {
  it('deletes only the CLI\'s groups older than 1h by default, in the resource group', async () => {
    const hook = seeded();
    const r = await runCli(['-g', 'rg', 'prune'], { hook, now: () => NOW });
    expect(r).toEqual({ exitCode: 0, stdout: 'deleted old-run\n', stderr: '' });
    expect([...hook.groups.keys()].sort()).toEqual(['other-rg/old-elsewhere', 'rg/bad-date', 'rg/foreign-old', 'rg/other-tool', 'rg/untagged', 'rg/young-run']);
  });

  it('--older-than takes 30m, 2h, 1d', async () => {
    const hook = seeded();
    expect((await runCli(['-g', 'rg', 'prune', '--older-than', '20m'], { hook, now: () => NOW })).stdout).toBe('deleted old-run\ndeleted young-run\n');
    const hook2 = seeded();
    expect((await runCli(['-g', 'rg', 'prune', '--older-than', '1d'], { hook: hook2, now: () => NOW })).stdout).toBe('nothing to prune in resource group "rg"\n');
  });

  it('--dry-run deletes nothing; --json lists what was deleted', async () => {
    const hook = seeded();
    expect((await runCli(['-g', 'rg', 'prune', '--dry-run', '--older-than', '30m'], { hook, now: () => NOW })).stdout).toBe('would delete old-run\n');
    expect(hook.groups.size).toBe(7);
    const r = await runCli(['-g', 'rg', '--json', 'prune', '--older-than', '2h'], { hook, now: () => NOW });
    expect(JSON.parse(r.stdout)).toEqual({ resourceGroup: 'rg', olderThan: '2026-05-01T10:00:00.000Z', dryRun: false, deleted: ['old-run'] });
  });
});
