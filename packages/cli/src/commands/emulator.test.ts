import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-test-utils.js';
import { main } from '../main.js';
import { waitFor } from '../spawn-test-utils.js';
import { formatExports } from './emulator.js';

const ONE_ERROR_LINE = /^container-hook: [^\n]+ \((\w+)\)\n$/;
const ENV_KEYS = [
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_TENANT_ID',
  'AZURE_AUTHORITY_HOST',
  'AZURE_SUBSCRIPTION_ID',
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
];

let stateDir: string;
beforeAll(async () => {
  // One state folder for the file: creating the CA and keys takes a moment, as it does for a user once.
  stateDir = await mkdtemp(join(tmpdir(), 'cli-emulator-'));
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

/** Sources `script` in a POSIX shell and prints the named variables, one per line. */
async function evalInShell(script: string, names: readonly string[]): Promise<string[]> {
  const { stdout } = await promisify(execFile)('sh', ['-c', `eval "$1"; for n in ${names.join(' ')}; do eval "printf '%s\\n' \\"\\$$n\\""; done`, 'sh', script]);
  return stdout.split('\n').slice(0, names.length);
}

describe('emulator (arguments)', () => {
  it('--help shows its flags, examples and exit status', async () => {
    const r = await runCli(['emulator', '--help']);
    expect(r.exitCode).toBe(0);
    for (const flag of ['--port', '--state-dir', '--image-map', '--strict-resource-groups', '--print-env']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('eval "$(container-hook emulator --print-env)"');
    expect(r.stdout).toMatch(/exits 0/);
  });

  it('is listed in the top-level help', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toMatch(/^ {2}emulator\b/m);
  });

  it.each([
    [['emulator', '--image-map', 'nginx'], /--image-map: image map "nginx" is not of the form FROM=TO/],
    [['emulator', '--image-map', 'nginx=', '--print-env'], /--image-map: /],
    [['emulator', '--port', 'http'], /--port/],
    [['emulator', '--port', '70000'], /--port expects a port number from 0 to 65535/],
    [['emulator', '--print-env', '--port', '0'], /--print-env needs a fixed port/],
    [['emulator', '--print-az', '--port', '0'], /--print-az needs a fixed port/],
    [['emulator', '--print-az', '--print-env'], /give one of them/],
  ])('a usage error (%j) is one line and exit 2', async (argv, message) => {
    const r = await runCli([...argv, '--state-dir', stateDir]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ONE_ERROR_LINE);
    expect(r.stderr).toMatch(/\(Usage\)\n$/);
    expect(r.stderr).toMatch(message);
  });
});

describe('emulator --print-az', () => {
  it('prints the CA line and the az cloud register / set / login commands for the kept port, the secret quoted', async () => {
    await writeFile(join(stateDir, 'port'), '9557\n');
    const r = await runCli(['emulator', '--print-az', '--state-dir', stateDir]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`export REQUESTS_CA_BUNDLE=${join(stateDir, 'ca.pem')}`);
    expect(lines[1]).toMatch(/^az cloud register -n aci-emulator .*--endpoint-resource-manager https:\/\/127\.0\.0\.1:9557\/ .* \|\| az cloud update -n aci-emulator /);
    expect(lines[1]).toContain('--endpoint-active-directory https://127.0.0.1:9557 ');
    expect(lines[2]).toBe('az cloud set -n aci-emulator');
    expect(lines[3]).toMatch(/^az login --service-principal -u [\w-]+ -p \S+ --tenant adfs -o none$/);
    // The same identity as --print-env gives.
    const env = await runCli(['emulator', '--print-env', '--state-dir', stateDir]);
    const clientId = /export AZURE_CLIENT_ID='([^']+)'/.exec(env.stdout)?.[1];
    expect(lines[3]).toContain(` -u ${clientId} `);
  });
});

describe('emulator --print-env', () => {
  it('prints only export lines, for port 8443 the first time, and keeps the port in the state folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-emulator-first-'));
    try {
      const r = await runCli(['emulator', '--print-env', '--state-dir', dir]);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.map((l) => /^export ([A-Z_]+)='[^'\n]*'$/.exec(l)?.[1])).toEqual(ENV_KEYS);
      const [authority, endpoint, ca] = await evalInShell(r.stdout, ['AZURE_AUTHORITY_HOST', 'IDENTITY_ENDPOINT', 'NODE_EXTRA_CA_CERTS']);
      expect(authority).toBe('https://127.0.0.1:8443');
      expect(endpoint).toMatch(/^https:\/\/127\.0\.0\.1:8443\//);
      expect(ca).toBe(join(dir, 'ca.pem'));
      expect(existsSync(ca!)).toBe(true);
      expect(await readFile(join(dir, 'port'), 'utf8')).toBe('8443\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--port is kept and reused; the identity is the same on every run', async () => {
    const first = await runCli(['emulator', '--print-env', '--port', '9555', '--state-dir', stateDir]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("export AZURE_AUTHORITY_HOST='https://127.0.0.1:9555'\n");
    const again = await runCli(['emulator', '--print-env', '--state-dir', stateDir]);
    expect(again).toEqual(first);
  });

  it('--json prints { url, caCertificatePath, connection, env }, the connection holding the same identity', async () => {
    await writeFile(join(stateDir, 'port'), '9556\n');
    const r = await runCli(['--json', 'emulator', '--print-env', '--state-dir', stateDir]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, any>;
    expect(doc).toMatchObject({
      url: 'https://127.0.0.1:9556',
      caCertificatePath: join(stateDir, 'ca.pem'),
      stateDir,
      connection: {
        conn_type: 'azure_container_instance',
        login: doc.env.AZURE_CLIENT_ID,
        password: doc.env.AZURE_CLIENT_SECRET,
        extra: {
          tenantId: doc.env.AZURE_TENANT_ID,
          subscriptionId: doc.env.AZURE_SUBSCRIPTION_ID,
          resource_manager_endpoint: 'https://127.0.0.1:9556',
          authority_host: 'https://127.0.0.1:9556',
          ca_certificate_path: join(stateDir, 'ca.pem'),
        },
      },
    });
    expect(Object.keys(doc.env)).toEqual(ENV_KEYS);
  });

  it('quotes values for a POSIX shell', async () => {
    const tricky = `it's "$HOME" \`x\` \\ ; done`;
    const text = formatExports({ A: tricky, B: '' });
    expect(text).toBe(`export A='it'\\''s "$HOME" \`x\` \\ ; done'\nexport B=''`);
    expect(await evalInShell(text, ['A', 'B'])).toEqual([tricky, '']);
  });
});

describe('emulator (serving, no container involved)', () => {
  /** Runs `main` with live captured streams and an abort controller standing for Ctrl-C. */
  function startMain(argv: string[]) {
    const controller = new AbortController();
    const captured = { stdout: '', stderr: '' };
    const done = main(argv, {
      env: {},
      abortSignal: controller.signal,
      streams: { stdout: { write: (s: string) => (captured.stdout += s) }, stderr: { write: (s: string) => (captured.stderr += s) } },
    });
    return { controller, captured, done };
  }

  it('prints the endpoint, CA, connection and exports, serves until Ctrl-C, then stops and exits 0', async () => {
    const running = startMain(['emulator', '--port', '0', '--state-dir', stateDir, '--image-map', 'nginx=container-hook/busybox:local']);
    await waitFor(() => running.captured.stderr.includes('serving on'), 'the emulator to serve', 30_000);
    const url = /^url:\s+(https:\/\/127\.0\.0\.1:(\d+))$/m.exec(running.captured.stdout);
    expect(url).not.toBeNull();
    expect(running.captured.stdout).toMatch(new RegExp(`^ca certificate:\\s+${join(stateDir, 'ca.pem').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(running.captured.stdout).toMatch(/^image map:\s+nginx=container-hook\/busybox:local$/m);
    expect(running.captured.stdout).toMatch(/^# \{"conn_type":"azure_container_instance",/m);
    expect(running.captured.stdout).toContain(`export AZURE_AUTHORITY_HOST='${url![1]}'\n`);
    expect(running.captured.stdout).toContain(`eval "$(container-hook emulator --print-env --state-dir '${stateDir}')"`);
    // The port a run chose is kept, so --print-env (in another terminal) matches the running emulator.
    expect(await readFile(join(stateDir, 'port'), 'utf8')).toBe(`${url![2]}\n`);
    const env = await runCli(['emulator', '--print-env', '--state-dir', stateDir]);
    expect(running.captured.stdout).toContain(env.stdout);

    running.controller.abort('SIGINT');
    expect(await running.done).toBe(0);
    expect(running.captured.stderr).toMatch(/container-hook: ACI emulator stopped\n$/);
  });

  it('--json prints one document and nothing else on stdout', async () => {
    const running = startMain(['--json', 'emulator', '--port', '0', '--state-dir', stateDir]);
    await waitFor(() => running.captured.stderr.includes('serving on'), 'the emulator to serve', 30_000);
    running.controller.abort('SIGTERM');
    expect(await running.done).toBe(0);
    const doc = JSON.parse(running.captured.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['url', 'caCertificatePath', 'connection', 'env']));
  });

  it('a port in use is one line saying so (exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['emulator', '--port', String(port), '--state-dir', stateDir]);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(ONE_ERROR_LINE);
      expect(r.stderr).toContain(`port ${port} of 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
