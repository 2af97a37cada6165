import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import { runCli } from '../cli-test-utils.js';
import { createFakeHook } from '../fake-hook-test-utils.js';

function hookWithJob(exitCode = 3) {
  const hook = createFakeHook();
  hook.script = () => ({ lines: ['one\n', 'two\n', 'three\n'], exitCode });
  return hook;
}

const JOB: ContainerGroup = {
  osType: 'Linux',
  containers: [
    {
      name: 'job',
      image: 'busybox',
      resources: { requests: { cpu: 1, memoryInGB: 1 } },
      environmentVariables: [
        { name: 'PLAIN', value: 'visible' },
        { name: 'TOKEN', secureValue: 'hidden-value' },
      ],
    },
  ],
};

async function created(exitCode = 3) {
  const hook = hookWithJob(exitCode);
  await hook.createOrUpdate('rg', 'job', JOB);
  return hook;
}

describe('state', () => {
  it('prints state, exit code and detail', async () => {
    const r = await runCli(['-g', 'rg', 'state', 'job'], { hook: await created() });
    expect(r).toEqual({ exitCode: 0, stdout: 'state:     Terminated\nexit code: 3\ndetail:    Error\n', stderr: '' });
  });

  it('--json prints the whole group, secrets hidden', async () => {
    const r = await runCli(['-g', 'rg', '--json', 'state', 'job'], { hook: await created() });
    expect(r.exitCode).toBe(0);
    const group = JSON.parse(r.stdout) as ContainerGroup;
    expect(group).toMatchObject({ name: 'job', provisioningState: 'Succeeded', containers: [{ name: 'job', instanceView: { currentState: { state: 'Terminated', exitCode: 3 } } }] });
    expect(r.stdout).not.toContain('hidden-value');
  });
});

describe('messages', () => {
  it('prints the event messages, one per line (--json: an array)', async () => {
    const hook = await created();
    expect((await runCli(['-g', 'rg', 'messages', 'job'], { hook })).stdout).toBe('Started container job\n');
    expect(JSON.parse((await runCli(['-g', 'rg', '--json', 'messages', 'job'], { hook })).stdout)).toEqual(['Started container job']);
  });
});

describe('logs', () => {
  it('prints the log text; --tail keeps the last lines', async () => {
    const hook = await created();
    expect(await runCli(['-g', 'rg', 'logs', 'job'], { hook })).toEqual({ exitCode: 0, stdout: 'one\ntwo\nthree\n', stderr: '' });
    expect((await runCli(['-g', 'rg', 'logs', 'job', '--tail', '2'], { hook })).stdout).toBe('two\nthree\n');
    expect(JSON.parse((await runCli(['-g', 'rg', '--json', 'logs', 'job', '--tail', '1'], { hook })).stdout)).toEqual(['three\n']);
  });

  it('--follow --json is NDJSON, one LogLine per line', async () => {
    const r = await runCli(['-g', 'rg', '--json', 'logs', 'job', '--follow'], { hook: await created() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([
      { container: 'job', stream: 'stdout', text: 'one\n' },
      { container: 'job', stream: 'stdout', text: 'two\n' },
      { container: 'job', stream: 'stdout', text: 'three\n' },
    ]);
  });

  it('--follow prints the text as it comes', async () => {
    expect((await runCli(['-g', 'rg', 'logs', 'job', '--follow'], { hook: await created() })).stdout).toBe('one\ntwo\nthree\n');
  });

  it('--tail with --follow is a usage error', async () => {
    const r = await runCli(['logs', 'job', '--follow', '--tail', '5'], { hook: createFakeHook() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^container-hook: --tail cannot be combined with --follow[^\n]*\(Usage\)\n$/);
  });
});

describe('exists', () => {
  it('exits 0 when the group exists and 1 when it does not, with no error line', async () => {
    const hook = await created();
    expect(await runCli(['-g', 'rg', 'exists', 'job'], { hook })).toEqual({ exitCode: 0, stdout: 'job exists\n', stderr: '' });
    expect(await runCli(['-g', 'rg', 'exists', 'other'], { hook })).toEqual({ exitCode: 1, stdout: 'other does not exist in resource group "rg"\n', stderr: '' });
  });

  it('--json prints {name, resourceGroup, exists}', async () => {
    const hook = await created();
    const yes = await runCli(['-g', 'rg', '--json', 'exists', 'job'], { hook });
    expect(JSON.parse(yes.stdout)).toEqual({ name: 'job', resourceGroup: 'rg', exists: true });
    const no = await runCli(['-g', 'rg', '--json', 'exists', 'nope'], { hook });
    expect(no.exitCode).toBe(1);
    expect(JSON.parse(no.stdout)).toEqual({ name: 'nope', resourceGroup: 'rg', exists: false });
  });
});

describe('delete, start, stop, restart', () => {
  it('act on the group and say so', async () => {
    const hook = await created();
    for (const verb of ['start', 'stop', 'restart'] as const) {
      const r = await runCli(['-g', 'rg', verb, 'job'], { hook });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(`${{ start: 'started', stop: 'stopped', restart: 'restarted' }[verb]} job\n`);
    }
    expect(await runCli(['-g', 'rg', 'delete', 'job'], { hook })).toEqual({ exitCode: 0, stdout: 'deleted job\n', stderr: '' });
    expect(hook.calls.slice(-4)).toEqual(['start rg/job', 'stop rg/job', 'restart rg/job', 'delete rg/job']);
    expect(JSON.parse((await runCli(['-g', 'rg', '--json', 'delete', 'job'], { hook })).stdout)).toEqual({ name: 'job', resourceGroup: 'rg', deleted: true });
  });

  it('start of a missing group fails with one line (exit 1)', async () => {
    const r = await runCli(['-g', 'rg', 'start', 'ghost'], { hook: createFakeHook() });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^container-hook: container group "ghost" was not found in resource group "rg"[^\n]*\(ContainerGroupNotFound\)\n$/);
  });
});

describe('list', () => {
  it('prints a table of the resource group (--json: the groups)', async () => {
    const hook = await created();
    hook.seed('rg', 'web', { osType: 'Linux', containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: 1, memoryInGB: 1 } } }], tags: { 'created-by': 'container-hook-cli', 'created-at': '2026-01-01T00:00:00.000Z' } });
    hook.seed('other', 'elsewhere', JOB);
    const r = await runCli(['-g', 'rg', 'list'], { hook });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATE\s+CONTAINERS\s+IMAGE\s+CREATED BY CLI$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^job\s+1\s+busybox$/), expect.stringMatching(/^web\s+1\s+nginx\s+2026-01-01T00:00:00.000Z$/)]);
    const json = JSON.parse((await runCli(['-g', 'rg', '--json', 'list'], { hook })).stdout) as ContainerGroup[];
    expect(json.map((g) => g.name)).toEqual(['job', 'web']);
    expect(JSON.stringify(json)).not.toContain('hidden-value');
  });

  it('says so when the resource group is empty', async () => {
    expect((await runCli(['-g', 'empty', 'list'], { hook: createFakeHook() })).stdout).toBe('no container groups in resource group "empty"\n');
  });
});

describe('test-connection', () => {
  it('exits 0 with the backend message when it answers, 1 when not', async () => {
    const hook = createFakeHook();
    expect(await runCli(['test-connection'], { hook })).toEqual({ exitCode: 0, stdout: 'ok: connection "docker_default": the fake answers\n', stderr: '' });
    hook.testConnection = async () => ({ ok: false, message: 'no engine at unix:///nope.sock' });
    const r = await runCli(['--json', 'test-connection'], { hook });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ connection: 'docker_default', ok: false, message: 'no engine at unix:///nope.sock' });
  });
});
