/**
 * The CLI as a user runs it: the built binary, spawned, against the real Docker engine (connection
 * docker_default). Every test uses this run's own resource group and checks with `docker ps` that nothing
 * is left behind.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, execCli, startCli, waitFor } from './spawn-test-utils.js';

const IMAGE = 'container-hook/busybox:local';
const RG = `cli-test-${randomBytes(4).toString('hex')}`;
const RG_LABEL = 'container-hook.resource-group';
const ONE_ERROR_LINE = /^container-hook: [^\n]+ \((\w+)\)\n$/;

/** Names of the Docker containers of the resource group (of one group, when given). */
async function dockerContainers(rg: string, group?: string): Promise<string[]> {
  const filters = ['--filter', `label=${RG_LABEL}=${rg.toLowerCase()}`, ...(group ? ['--filter', `label=container-hook.group=${group}`] : [])];
  const { stdout } = await promisify(execFile)('docker', ['ps', '-a', ...filters, '--format', '{{.Names}}']);
  return stdout.split('\n').filter(Boolean);
}

const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => execCli(['-g', RG, ...args], { env });

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'cli-engine-'));
  // Fails clearly when no engine answers (a silent skip would hide a gap).
  const r = await execCli(['test-connection']);
  if (r.exitCode !== 0) throw new Error(`the Docker engine is not reachable through docker_default: ${r.stdout}${r.stderr}`);
});

afterAll(async () => {
  // Best-effort cleanup of anything a failed test left (prune would spare untagged groups).
  const list = await cli(['--json', 'list']);
  if (list.exitCode === 0) for (const g of JSON.parse(list.stdout) as { name: string }[]) await cli(['delete', g.name]);
  expect(await dockerContainers(RG)).toEqual([]);
});

describe('container-hook run (real Docker)', () => {
  it('streams the logs to stdout and exits 0; the group is deleted', async () => {
    const r = await cli(['run', '--image', IMAGE, '--name', 'ok-job', '--', 'sh', '-c', 'echo hello; echo world']);
    expect(r.stderr).not.toMatch(/\((InternalError|Usage)\)/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('hello\nworld\n');
    expect(r.stderr).toMatch(/ok-job: creating in resource group/);
    expect(r.stderr).toMatch(/container-hook: ok-job exited with code 0 \(Completed\) after [^\n]*; group deleted\n$/);
    expect(await dockerContainers(RG, 'ok-job')).toEqual([]);
  });

  it('exits with the container exit code (3)', async () => {
    const r = await cli(['run', '--image', IMAGE, '--', 'sh', '-c', 'echo failing; exit 3']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('failing\n');
    expect(r.stderr).toMatch(/exited with code 3/);
    expect(await dockerContainers(RG)).toEqual([]);
  });

  it('--json prints one result document', async () => {
    const r = await cli(['--json', 'run', '--image', IMAGE, '--name', 'json-job', '--', 'sh', '-c', 'echo a; echo b; exit 3']);
    expect(r.exitCode).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      name: 'json-job',
      resourceGroup: RG,
      connection: 'docker_default',
      exitCode: 3,
      state: 'Terminated',
      detailStatus: expect.any(String),
      restartCount: 0,
      lastLogLine: 'b\n',
      logs: ['a\n', 'b\n'],
      deleted: true,
    });
  });

  it('no --secure-env value appears anywhere in the output', async () => {
    const secret = `s3cret-${randomBytes(8).toString('hex')}`;
    const fileSecret = `f1le-${randomBytes(8).toString('hex')}`;
    const envFile = join(dir, 'secrets.env');
    await writeFile(envFile, `FILE_TOKEN=${fileSecret}\n`);
    const script = 'echo "token length ${#API_TOKEN}"; echo "file token length ${#FILE_TOKEN}"; env | grep -c TOKEN';
    const r = await cli(['--verbose', 'run', '--image', IMAGE, '--name', 'secret-job', '--keep', '--secure-env', 'API_TOKEN', '--secure-env-file', envFile, '--', 'sh', '-c', script], {
      API_TOKEN: secret,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`token length ${secret.length}\nfile token length ${fileSecret.length}\n2\n`);
    const state = await cli(['--json', 'state', 'secret-job']);
    const list = await cli(['--json', 'list']);
    const logs = await cli(['logs', 'secret-job']);
    await cli(['delete', 'secret-job']);
    for (const out of [r, state, list, logs]) {
      expect(out.stdout + out.stderr).not.toContain(secret);
      expect(out.stdout + out.stderr).not.toContain(fileSecret);
    }
    expect(JSON.parse(state.stdout)).toMatchObject({ name: 'secret-job' });
  });

  it('Ctrl-C (SIGINT) deletes the group and exits 130', async () => {
    const running = startCli(['-g', RG, 'run', '--image', IMAGE, '--name', 'sigint-job', '--', 'sh', '-c', 'echo started; sleep 600']);
    await waitFor(() => running.stdout.includes('started\n'), 'the job to start');
    expect(await dockerContainers(RG, 'sigint-job')).not.toEqual([]);
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toMatch(/container-hook: interrupted; container group "sigint-job" was deleted\ncontainer-hook: interrupted \(Aborted\)\n$/);
    expect(await dockerContainers(RG, 'sigint-job')).toEqual([]);
  });

  it('a reader that goes away (| head) ends the run, deletes the group and exits 141', async () => {
    const running = startCli(['-g', RG, 'run', '--image', IMAGE, '--name', 'pipe-job', '--', 'sh', '-c', 'while :; do echo tick; sleep 0.1; done']);
    await waitFor(() => running.stdout.includes('tick\n'), 'the first line');
    running.child.stdout!.destroy();
    const r = await running.done;
    expect(r.exitCode).toBe(141);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stderr).toContain('container group "pipe-job" was deleted');
    expect(await dockerContainers(RG, 'pipe-job')).toEqual([]);
  });

  it('--keep keeps the group; state, logs, exists and list see it', async () => {
    const run = await cli(['run', '--image', IMAGE, '--name', 'kept-job', '--keep', '--', 'sh', '-c', 'echo one; echo two; exit 3']);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('kept container group "kept-job"; delete it with: container-hook delete kept-job -g');
    expect(await cli(['exists', 'kept-job'])).toMatchObject({ exitCode: 0, stdout: 'kept-job exists\n', stderr: '' });
    expect(await cli(['state', 'kept-job'])).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^state:\s+Terminated\nexit code:\s+3\n/) });
    expect(JSON.parse((await cli(['--json', 'state', 'kept-job'])).stdout)).toMatchObject({
      name: 'kept-job',
      tags: { 'created-by': 'container-hook-cli', 'created-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      containers: [{ name: 'kept-job', image: IMAGE, instanceView: { currentState: { state: 'Terminated', exitCode: 3 } } }],
    });
    expect(await cli(['logs', 'kept-job'])).toMatchObject({ exitCode: 0, stdout: 'one\ntwo\n' });
    expect(await cli(['logs', 'kept-job', '--tail', '1'])).toMatchObject({ exitCode: 0, stdout: 'two\n' });
    const follow = await cli(['--json', 'logs', 'kept-job', '--follow']);
    expect(follow.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { text: string; container: string })).toEqual([
      expect.objectContaining({ container: 'kept-job', text: 'one\n' }),
      expect.objectContaining({ container: 'kept-job', text: 'two\n' }),
    ]);
    expect((await cli(['list'])).stdout).toMatch(/^kept-job\s/m);
    expect(await cli(['delete', 'kept-job'])).toMatchObject({ exitCode: 0, stdout: 'deleted kept-job\n' });
    expect(await cli(['exists', 'kept-job'])).toMatchObject({ exitCode: 1, stderr: '' });
    expect(JSON.parse((await cli(['--json', 'exists', 'kept-job'])).stdout)).toEqual({ name: 'kept-job', resourceGroup: RG, exists: false });
    expect(await dockerContainers(RG, 'kept-job')).toEqual([]);
  });

  it('a bad flag gives one clear line and exit 2', async () => {
    const r = await cli(['run', '--image', IMAGE, '--cpus', '2']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ONE_ERROR_LINE);
    expect(r.stderr).toMatch(/^container-hook: unknown option '--cpus'[^\n]*"container-hook run --help"[^\n]*\(Usage\)\n$/);
    const json = await cli(['--json', 'run', '--image', IMAGE, '--cpus', '2']);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'Usage', message: expect.stringContaining("unknown option '--cpus'") } });
  });

  it('a bad spec file gives one clear line (run: 125, create: 1, validate: 1) and creates nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'apiVersion: 2023-05-01\nname: bad-spec\nproperties:\n  osType: Linux\n  containers:\n  - name: Bad_Container\n    properties:\n      image: ""\n      resources: {requests: {cpu: 1, memoryInGb: 1}}\n');
    const run = await cli(['run', '--file', bad]);
    expect(run.exitCode).toBe(125);
    expect(run.stderr).toMatch(ONE_ERROR_LINE);
    expect(run.stderr).toMatch(/container group "bad-spec" is invalid: containers\[0\]\.[^\n]*\(InvalidContainerGroup\)\n$/);
    const create = await cli(['create', '--file', bad]);
    expect(create.exitCode).toBe(1);
    expect(create.stderr).toMatch(ONE_ERROR_LINE);
    const validate = await cli(['validate', '--file', bad]);
    expect(validate.exitCode).toBe(1);
    expect(validate.stdout).toMatch(/containers\[0\]\.name: /);
    expect(validate.stdout).toMatch(/containers\[0\]\.image: /);
    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, '{"containers": [}');
    const run2 = await cli(['run', '--file', garbage]);
    expect(run2.exitCode).toBe(125);
    expect(run2.stderr).toMatch(/^container-hook: [^\n]*garbage\.json[^\n]*not valid JSON[^\n]*\(InvalidContainerGroup\)\n$/);
    expect(await dockerContainers(RG, 'bad-spec')).toEqual([]);
  });

  it('run --file with flags overriding the main container', async () => {
    const file = join(dir, 'group.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'file-job',
        osType: 'Linux',
        containers: [{ name: 'file-job', image: 'not-pulled/none:1', command: ['sh', '-c', 'echo "MODE=$MODE"'], resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } }, environmentVariables: [{ name: 'MODE', value: 'file' }] }],
      }),
    );
    const r = await cli(['run', '--file', file, '--image', IMAGE, '--env', 'MODE=flag']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('MODE=flag\n');
  });

  it('create --wait, stop, start, restart and delete', async () => {
    const file = join(dir, 'service.yaml');
    await writeFile(
      file,
      'apiVersion: 2023-05-01\nname: service\nproperties:\n  osType: Linux\n  restartPolicy: Always\n  containers:\n  - name: service\n    properties:\n      image: container-hook/busybox:local\n      command: [sh, -c, "trap \'exit 0\' TERM; echo up; while :; do sleep 0.2; done"]\n      resources: {requests: {cpu: 0.5, memoryInGb: 0.25}}\n',
    );
    const created = await cli(['create', '--file', file, '--wait']);
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toMatch(/^created:\s+service$/m);
    expect((await cli(['state', 'service'])).stdout).toMatch(/^state:\s+Running$/m);
    expect(await cli(['stop', 'service'])).toMatchObject({ exitCode: 0, stdout: 'stopped service\n' });
    expect(await cli(['start', 'service'])).toMatchObject({ exitCode: 0, stdout: 'started service\n' });
    expect(await cli(['restart', 'service'])).toMatchObject({ exitCode: 0, stdout: 'restarted service\n' });
    await waitFor(async () => /^state:\s+Running$/m.test((await cli(['state', 'service'])).stdout), 'the service to run again');
    expect((await cli(['messages', 'service'])).exitCode).toBe(0);
    expect(await cli(['delete', 'service'])).toMatchObject({ exitCode: 0 });
    expect(await dockerContainers(RG, 'service')).toEqual([]);
  });

  it('a missing group is one line naming group, resource group and connection (exit 1)', async () => {
    const r = await cli(['state', 'no-such-group']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(ONE_ERROR_LINE);
    expect(r.stderr).toContain(`container group "no-such-group" was not found in resource group "${RG}"`);
    expect(r.stderr).toContain('connection "docker_default"');
  });
});

describe('container-hook prune (real Docker)', () => {
  it('removes the CLI groups older than --older-than and leaves young and foreign ones', async () => {
    const { createHook } = await import('container-hook');
    const hook = await createHook('docker_default', { env: {} });
    const body = (tags: Record<string, string> | undefined) => ({
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [{ name: 'c', image: IMAGE, command: ['sh', '-c', 'sleep 600'], resources: { requests: { cpu: 0.5, memoryInGB: 0.25 } } }],
      ...(tags ? { tags } : {}),
    });
    const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
    await hook.createOrUpdate(RG, 'old-cli', body({ 'created-by': 'container-hook-cli', 'created-at': old }));
    await hook.createOrUpdate(RG, 'old-foreign', body({ 'created-at': old }));
    // A young one, created by the CLI itself.
    const file = join(dir, 'young.json');
    await writeFile(file, JSON.stringify({ name: 'young-cli', ...body(undefined) }));
    expect((await cli(['create', '--file', file])).exitCode).toBe(0);
    try {
      const dry = await cli(['prune', '--older-than', '2h', '--dry-run']);
      expect(dry).toMatchObject({ exitCode: 0, stdout: 'would delete old-cli\n' });
      const r = await cli(['prune', '--older-than', '2h']);
      expect(r).toMatchObject({ exitCode: 0, stdout: 'deleted old-cli\n' });
      expect(await dockerContainers(RG, 'old-cli')).toEqual([]);
      expect(await cli(['exists', 'young-cli'])).toMatchObject({ exitCode: 0 });
      expect(await cli(['exists', 'old-foreign'])).toMatchObject({ exitCode: 0 });
      // Default 1h: the young one (seconds old) stays.
      expect(await cli(['--json', 'prune'])).toMatchObject({ exitCode: 0 });
      expect(await cli(['exists', 'young-cli'])).toMatchObject({ exitCode: 0 });
      expect((await cli(['prune', '--older-than', '1s'])).stdout).toBe('deleted young-cli\n');
      expect(await cli(['exists', 'old-foreign'])).toMatchObject({ exitCode: 0 });
    } finally {
      await hook.delete(RG, 'old-cli');
      await hook.delete(RG, 'old-foreign');
      await hook.delete(RG, 'young-cli');
    }
  });
});

describe('what the CLI loads', () => {
  /** Runs the CLI with a resolve hook that logs every resolved URL; returns them. */
  async function resolvedUrls(args: readonly string[]): Promise<{ urls: string[]; exitCode: number | null }> {
    const log = join(dir, `modules-${randomBytes(4).toString('hex')}.log`);
    const hooks = join(dir, 'log-resolve.mjs');
    await writeFile(
      hooks,
      [
        "import { registerHooks } from 'node:module';",
        "import { appendFileSync } from 'node:fs';",
        'registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); appendFileSync(process.env.CLI_MODULE_LOG, r.url + "\\n"); return r; } });',
      ].join('\n'),
    );
    const r = await execCli(args, { nodeArgs: ['--import', hooks], env: { CLI_MODULE_LOG: log } });
    const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    return { urls, exitCode: r.exitCode };
  }

  const azure = (urls: string[]) => urls.filter((u) => /[/\\]@azure[/\\]|aci-backend|aci-emulator/.test(u));

  it('--help loads neither the Azure SDK nor the emulator, nor any backend', async () => {
    const { urls, exitCode } = await resolvedUrls(['--help']);
    expect(exitCode).toBe(0);
    expect(urls.some((u) => u.includes('/commander/'))).toBe(true); // the hook works
    expect(azure(urls)).toEqual([]);
    expect(urls.filter((u) => /local-docker-backend|dockerode|@container-hook\/core|packages\/core\//.test(u))).toEqual([]);
  });

  it('a Docker command loads the Docker backend but neither the Azure SDK nor the emulator', async () => {
    const { urls, exitCode } = await resolvedUrls(['-g', RG, 'exists', 'nothing-here']);
    expect(exitCode).toBe(1);
    expect(urls.some((u) => /local-docker-backend/.test(u))).toBe(true);
    expect(azure(urls)).toEqual([]);
  });
});
