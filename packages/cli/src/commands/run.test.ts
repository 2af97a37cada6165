import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import { runCli } from '../cli-test-utils.js';
import { createFakeHook } from '../fake-hook-test-utils.js';

const SECRET = 'sup3r-s3cret-value';
const NOW = new Date('2026-05-01T12:00:00.000Z');

function created(hook: ReturnType<typeof createFakeHook>): { name: string; group: ContainerGroup } {
  const call = hook.calls.find((c) => c.startsWith('createOrUpdate '));
  expect(call).toBeDefined();
  const [rg, name] = call!.slice('createOrUpdate '.length).split('/') as [string, string];
  return { name, group: hook.groups.get(`${rg}/${name}`) ?? (hook as unknown as { lastGroup: ContainerGroup }).lastGroup };
}

/** Keeps what was created even after the group is deleted. */
function recordingHook() {
  const hook = createFakeHook();
  const createdGroups: { rg: string; name: string; group: ContainerGroup }[] = [];
  const original = hook.createOrUpdate.bind(hook);
  hook.createOrUpdate = async (rg, name, group, options) => {
    createdGroups.push({ rg, name, group: structuredClone(group) });
    return original(rg, name, group, options);
  };
  return { hook, createdGroups };
}

describe('run', () => {
  it('streams the logs to stdout, progress to stderr, and exits with the container exit code', async () => {
    const { hook, createdGroups } = recordingHook();
    const r = await runCli(['-g', 'jobs', 'run', '--image', 'busybox', '--name', 'job1', '--', 'sh', '-c', 'echo hello; echo world; exit 3'], { hook });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('hello\nworld\n');
    expect(r.stderr).toMatch(/job1: creating in resource group "jobs" \(connection "docker_default"\)/);
    expect(r.stderr).toMatch(/job1: Terminated, exit code 3 \(Error\)/);
    expect(r.stderr).toMatch(/job1: Started: Started container job1/);
    expect(r.stderr).not.toMatch(/job1: job1:/);
    expect(r.stderr).toMatch(/container-hook: job1 exited with code 3 \(Error\) after [\d.]+s; group deleted\n$/);
    expect(createdGroups).toHaveLength(1);
    expect(hook.groups.size).toBe(0);
    expect(hook.calls.filter((c) => c.startsWith('delete'))).toEqual(['delete jobs/job1']);
  });

  it('builds the group with the operator defaults, a random name and the CLI tags', async () => {
    const { hook, createdGroups } = recordingHook();
    const r = await runCli(['run', '--image', 'busybox'], { hook, now: () => NOW });
    expect(r.exitCode).toBe(0);
    const [{ rg, name, group }] = createdGroups as [(typeof createdGroups)[0]];
    expect(rg).toBe('default');
    expect(name).toMatch(/^run-[0-9a-f]{8}$/);
    expect(group).toEqual({
      containers: [{ name, image: 'busybox', resources: { requests: { cpu: 1, memoryInGB: 1.5 } } }],
      osType: 'Linux',
      restartPolicy: 'Never',
      tags: { 'created-by': 'container-hook-cli', 'created-at': '2026-05-01T12:00:00.000Z' },
    });
  });

  it('maps every flag onto the group', async () => {
    const { hook, createdGroups } = recordingHook();
    const r = await runCli(
      ['run', '--image', 'img:1', '--name', 'Job-A', '--location', 'westeurope', '--cpu', '2', '--memory', '3.5', '-e', 'A=1', '--env', 'B=x=y', '--restart-policy', 'onfailure', '--port', '80', '-p', '443', '--', 'echo', 'hi'],
      { hook, now: () => NOW },
    );
    expect(r.exitCode).toBe(0);
    expect(createdGroups[0]!.group).toMatchObject({
      location: 'westeurope',
      restartPolicy: 'OnFailure',
      ipAddress: { type: 'Public', ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] },
      containers: [
        {
          name: 'job-a',
          image: 'img:1',
          command: ['echo', 'hi'],
          resources: { requests: { cpu: 2, memoryInGB: 3.5 } },
          environmentVariables: [
            { name: 'A', value: '1' },
            { name: 'B', value: 'x=y' },
          ],
          ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('--secure-env reads values from the environment and never prints them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-run-'));
    const envFile = join(dir, 'secrets.env');
    await writeFile(envFile, `# comment\n\nexport FROM_FILE="${SECRET}-file"\nOTHER=${SECRET}-other\n`);
    const { hook, createdGroups } = recordingHook();
    const r = await runCli(['--json', 'run', '--image', 'busybox', '--secure-env', 'TOKEN', '--secure-env', `INLINE=${SECRET}-inline`, '--secure-env-file', envFile, '--', 'sh', '-c', 'echo done'], {
      hook,
      env: { TOKEN: `${SECRET}-env` },
    });
    expect(r.exitCode).toBe(0);
    expect(createdGroups[0]!.group.containers[0]!.environmentVariables).toEqual([
      { name: 'FROM_FILE', secureValue: `${SECRET}-file` },
      { name: 'OTHER', secureValue: `${SECRET}-other` },
      { name: 'TOKEN', secureValue: `${SECRET}-env` },
      { name: 'INLINE', secureValue: `${SECRET}-inline` },
    ]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('--secure-env NAME of an unset variable is a usage error naming it', async () => {
    const hook = createFakeHook();
    const r = await runCli(['run', '--image', 'busybox', '--secure-env', 'MISSING_TOKEN'], { hook, env: {} });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^container-hook: --secure-env MISSING_TOKEN: the environment variable MISSING_TOKEN is not set; [^\n]*\(Usage\)\n$/);
    expect(hook.calls).toEqual([]);
  });

  it('a secret in a failure message is masked', async () => {
    const hook = createFakeHook();
    hook.createOrUpdate = async () => {
      const { BackendUnavailableError } = await import('@container-hook/core');
      throw new BackendUnavailableError(`the engine refused MY_SECRET=${SECRET} somewhere`);
    };
    const r = await runCli(['run', '--image', 'busybox', '--secure-env', 'MY_SECRET'], { hook, env: { MY_SECRET: SECRET } });
    expect(r.exitCode).toBe(125);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('--image is required without --file (exit 2)', async () => {
    const r = await runCli(['run'], { hook: createFakeHook() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('container-hook: --image is required (or give a group with --file) (Usage)\n');
  });

  it('an invalid group is one line and exit 125, before any backend call', async () => {
    const hook = createFakeHook();
    const r = await runCli(['run', '--image', 'busybox', '--name', '-bad-', '--memory', '9999'], { hook });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(/^container-hook: container group "-bad-" is invalid: name: [^\n]*\(InvalidContainerGroup\)\n$/);
    expect(hook.calls).toEqual([]);
  });

  it('an existing group is refused and left alone (exit 125)', async () => {
    const hook = createFakeHook();
    hook.seed('default', 'busy', { containers: [], osType: 'Linux' });
    const r = await runCli(['run', '--image', 'busybox', '--name', 'busy'], { hook });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(/container group "busy" already exists in resource group "default"[^\n]*\(ContainerGroupExists\)\n$/);
    expect(hook.groups.has('default/busy')).toBe(true);
  });

  it('--json prints one result document; the log goes to stderr', async () => {
    const hook = createFakeHook();
    const r = await runCli(['--json', 'run', '--image', 'busybox', '--name', 'j', '--', 'sh', '-c', 'echo one; echo two; exit 3'], { hook });
    expect(r.exitCode).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      name: 'j',
      resourceGroup: 'default',
      connection: 'docker_default',
      exitCode: 3,
      state: 'Terminated',
      detailStatus: 'Error',
      restartCount: 0,
      lastLogLine: 'two\n',
      logs: ['one\n', 'two\n'],
      deleted: true,
    });
    expect(r.stderr.split('\n').filter((l) => !l.includes('j:') && !l.startsWith('container-hook:'))).toEqual(['one', 'two', '']);
  });

  it('--keep keeps the group and says how to delete it', async () => {
    const hook = createFakeHook();
    const r = await runCli(['run', '--image', 'busybox', '--name', 'kept', '--keep'], { hook });
    expect(r.exitCode).toBe(0);
    expect(hook.groups.has('default/kept')).toBe(true);
    expect(r.stderr).toContain('kept container group "kept"; delete it with: container-hook delete kept -g default');
  });

  it('--all-logs prefixes each line with its container when there are several', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-run-'));
    const file = join(dir, 'group.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'pair',
        osType: 'Linux',
        containers: [
          { name: 'pair', image: 'busybox', command: ['sh', '-c', 'echo main'], resources: { requests: { cpu: 1, memoryInGB: 1 } } },
          { name: 'side', image: 'busybox', resources: { requests: { cpu: 1, memoryInGB: 1 } } },
        ],
      }),
    );
    const hook = createFakeHook();
    const r = await runCli(['run', '--file', file, '--all-logs'], { hook });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['[pair] main', '[side] main']);
  });

  it('Ctrl-C aborts the run, deletes the group and exits 130', async () => {
    const hook = createFakeHook();
    const controller = new AbortController();
    const pending = runCli(['run', '--image', 'busybox', '--name', 'long', '--', 'sh', '-c', 'echo started; sleep 600'], { hook, abortSignal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.groups.has('default/long')).toBe(true);
    controller.abort('SIGINT');
    const r = await pending;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe('started\n');
    expect(hook.groups.has('default/long')).toBe(false);
    expect(r.stderr).toMatch(/container-hook: interrupted; container group "long" was deleted\ncontainer-hook: interrupted \(Aborted\)\n$/);
  });

  it('--timeout gives up, deletes the group and exits 125', async () => {
    const hook = createFakeHook();
    const r = await runCli(['run', '--image', 'busybox', '--name', 'slow', '--timeout', '0.2', '--', 'sleep', '600'], { hook });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(/container group "slow" in resource group "default" did not finish within 200 ms[^\n]*\(OperationTimeout\)\n$/);
    expect(hook.groups.size).toBe(0);
  });
});

describe('run --file', () => {
  it('flags override the main container of the file; the rest is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-run-'));
    const file = join(dir, 'group.yaml');
    await writeFile(
      file,
      [
        'apiVersion: 2023-05-01',
        'name: from-file',
        'location: eastus',
        'properties:',
        '  osType: Linux',
        '  restartPolicy: OnFailure',
        '  containers:',
        '  - name: from-file',
        '    properties:',
        '      image: busybox:old',
        '      command: [sh, -c, "echo from file"]',
        '      resources: { requests: { cpu: 0.5, memoryInGb: 0.5 } }',
        '      environmentVariables: [{ name: KEEP, value: "1" }, { name: OVERRIDE, value: old }]',
        '  tags: { team: data }',
        '',
      ].join('\n'),
    );
    const { hook, createdGroups } = recordingHook();
    const r = await runCli(['run', '--file', file, '--image', 'busybox:new', '--cpu', '2', '-e', 'OVERRIDE=new'], { hook, now: () => NOW });
    expect(r.stderr).not.toContain('(InternalError)');
    expect(r.exitCode).toBe(0);
    expect(createdGroups[0]!.name).toBe('from-file');
    expect(createdGroups[0]!.group).toMatchObject({
      location: 'eastus',
      restartPolicy: 'OnFailure',
      tags: { team: 'data', 'created-by': 'container-hook-cli', 'created-at': NOW.toISOString() },
      containers: [
        {
          name: 'from-file',
          image: 'busybox:new',
          command: ['sh', '-c', 'echo from file'],
          resources: { requests: { cpu: 2, memoryInGB: 0.5 } },
          environmentVariables: [
            { name: 'KEEP', value: '1' },
            { name: 'OVERRIDE', value: 'new' },
          ],
        },
      ],
    });
    expect(r.stdout).toBe('from file\n');
  });

  it('a file that is not a group is one clear line (exit 125)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-run-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ "containers": [ { "name": "x", ');
    const hook = createFakeHook();
    const r = await runCli(['run', '--file', file], { hook });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(/^container-hook: [^\n]*bad\.json[^\n]*not valid JSON at line 1[^\n]*\(InvalidContainerGroup\)\n$/);
    expect(hook.calls).toEqual([]);
  });

  it('a missing file is a usage error (exit 2)', async () => {
    const r = await runCli(['run', '--file', '/nonexistent/group.json'], { hook: createFakeHook() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('container-hook: cannot read --file "/nonexistent/group.json": no such file; check the path (Usage)\n');
  });
});
