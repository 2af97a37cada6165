import { describe, expect, it } from 'vitest';
import { runCli } from './cli-test-utils.js';
import { createFakeHook } from './fake-hook-test-utils.js';

/** One line on stderr, in the CLI's error format. */
const ONE_ERROR_LINE = /^container-hook: [^\n]+ \((\w+)\)\n$/;

describe('container-hook (global behaviour)', () => {
  it('--help lists the commands and examples on stdout and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    for (const command of ['run', 'create', 'validate', 'state', 'messages', 'logs', 'delete', 'exists', 'list', 'start', 'stop', 'restart', 'prune', 'test-connection', 'connections']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--resource-group');
    expect(r.stdout).toContain('Exit status:');
  });

  it('run --help shows its flags and examples', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.exitCode).toBe(0);
    for (const flag of ['--image', '--secure-env', '--secure-env-file', '--restart-policy', '--port', '--file', '--keep', '--timeout', '--all-logs']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Examples:');
  });

  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ exitCode: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), stderr: '' });
  });

  it.each([
    [['run', '--image', 'x', '--bogus'], /unknown option '--bogus'.*"container-hook run --help"/],
    [['--bogus', 'list'], /unknown option '--bogus'/],
    [['state'], /missing required argument 'name'.*"container-hook state --help"/],
    [['run', '--cpu', 'lots'], /option '--cpu <count>' argument 'lots' is invalid/],
    [['run', '--port', '70000'], /from 1 to 65535/],
    [['run', '--restart-policy', 'Sometimes'], /Always, OnFailure, Never/],
    [['prune', '--older-than', 'soon'], /duration such as 90s/],
    [['logs', 'x', '--tail', '-1'], /--tail/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['create'], /required option '-f, --file <file>' not specified/],
  ])('a usage error (%j) is one line on stderr and exit 2', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ONE_ERROR_LINE);
    expect(r.stderr).toMatch(/\(Usage\)\n$/);
    expect(r.stderr).toMatch(message);
  });

  it('a usage error with --json is {"error":{code,message}} on stdout', async () => {
    const r = await runCli(['--json', 'exists']);
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'Usage', message: expect.stringContaining("missing required argument 'name'") } });
    expect(r.stderr).toMatch(ONE_ERROR_LINE);
  });

  it('a command group without its sub-command shows its help and exits 2', async () => {
    const r = await runCli(['connections']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('list');
  });

  it('an error of the backend is one line naming the group, the resource group and the connection', async () => {
    const r = await runCli(['-g', 'rg1', 'state', 'web'], { hook: createFakeHook() });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ONE_ERROR_LINE);
    expect(r.stderr).toContain('container group "web" was not found in resource group "rg1"');
    expect(r.stderr).toContain('connection "docker_default"');
    expect(r.stderr).toMatch(/\(ContainerGroupNotFound\)\n$/);
  });

  it('with --json an error is one JSON document on stdout', async () => {
    const r = await runCli(['--json', 'state', 'web'], { hook: createFakeHook() });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'ContainerGroupNotFound', message: expect.stringContaining('"web"') } });
  });

  it('an unexpected error is one line without a stack; --verbose adds the stack', async () => {
    const hook = createFakeHook();
    hook.exists = async () => {
      throw new TypeError('boom');
    };
    const quiet = await runCli(['exists', 'x'], { hook });
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stderr).toMatch(ONE_ERROR_LINE);
    expect(quiet.stderr).toContain('boom; this is a bug');
    expect(quiet.stderr).toMatch(/\(InternalError\)\n$/);
    const verbose = await runCli(['--verbose', 'exists', 'x'], { hook });
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('--verbose adds the cause chain of our errors', async () => {
    const hook = createFakeHook();
    const { BackendUnavailableError } = await import('@container-hook/core');
    hook.exists = async () => {
      throw new BackendUnavailableError('the Docker engine did not answer; start it', { cause: new Error('connect ECONNREFUSED /var/run/docker.sock') });
    };
    const quiet = await runCli(['exists', 'x'], { hook });
    expect(quiet.stderr).toMatch(ONE_ERROR_LINE);
    const verbose = await runCli(['--verbose', 'exists', 'x'], { hook });
    expect(verbose.stderr).toContain('caused by Error: connect ECONNREFUSED');
  });

  it('reads --conn and --resource-group from the environment', async () => {
    const hook = createFakeHook();
    const r = await runCli(['exists', 'web'], { hook, env: { CONTAINER_HOOK_RESOURCE_GROUP: 'from-env' } });
    expect(r.exitCode).toBe(1);
    expect(hook.calls).toEqual(['exists from-env/web']);
  });

  it('an interrupted command exits 130', async () => {
    const hook = createFakeHook();
    const controller = new AbortController();
    hook.testConnection = async ({ abortSignal } = {}) =>
      new Promise((_resolve, reject) =>
        abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }))),
      );
    const pending = runCli(['test-connection'], { hook, abortSignal: controller.signal });
    setTimeout(() => controller.abort('SIGINT'), 10);
    const r = await pending;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toBe('container-hook: interrupted (Aborted)\n');
  });
});
