/**
 * The real Azure CLI (Debian's `azure-cli` 2.45; scripts/setup installs it) against the emulator, set up
 * exactly as `container-hook emulator --print-az` tells a user: `az cloud register`, `az login`, then the
 * usual `az container` commands on a real container, offline.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAzureCliSetup, toAzureCliSetup } from './azure-cli.js';
import { BUSYBOX, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';

let t: TestEmulator;
let configDir: string;
let env: NodeJS.ProcessEnv;

interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `az` with the test's own configuration folder (the user's is never touched). */
function az(args: string[], timeoutInMs = 120_000): Promise<AzResult> {
  return new Promise((resolve, reject) => {
    execFile('az', args, { env, timeout: timeoutInMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('the Azure CLI (az) is not installed: run scripts/setup, which installs Debian\'s azure-cli'));
        return;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function azOk(args: string[]): Promise<string> {
  const r = await az(args);
  expect(r.code, `az ${args.join(' ')} failed: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  t = await startTestEmulator();
  configDir = await mkdtemp(path.join(os.tmpdir(), 'azure-cli-test-'));
  // Exactly the text `container-hook emulator --print-az` prints, run by a shell, as a user pastes it.
  const script = formatAzureCliSetup(toAzureCliSetup(t.emulator));
  env = { ...process.env, AZURE_CONFIG_DIR: configDir, AZURE_CORE_COLLECT_TELEMETRY: 'false', AZURE_CORE_ONLY_SHOW_ERRORS: 'true' };
  const pasted = await new Promise<AzResult>((resolve) => {
    execFile('bash', ['-c', `set -e\n${script}\nprintf '%s' "$REQUESTS_CA_BUNDLE"`], { env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
  expect(pasted.code, `the printed set-up failed: ${pasted.stderr}`).toBe(0);
  // The CA line is for the user's shell; the test's own az calls get it the same way.
  env.REQUESTS_CA_BUNDLE = pasted.stdout;
}, 120_000);

afterAll(async () => {
  await t?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
  expect(await t.leftovers()).toEqual([]);
});

describe('the Azure CLI against the emulator', () => {
  it('logs in and sees the emulator\'s subscription', async () => {
    const account = JSON.parse(await azOk(['account', 'show', '-o', 'json'])) as { id: string; state: string };
    expect(account).toMatchObject({ id: t.emulator.identity.subscriptionId, state: 'Enabled' });
  });

  it('az container create / show / logs / list / delete run a real container', async () => {
    const created = JSON.parse(
      await azOk(['container', 'create', '-g', 'az-rg', '-n', 'hello', '--image', BUSYBOX, '--command-line', "sh -c 'echo hello from az; echo second line; exit 3'", '--restart-policy', 'Never', '--location', 'westeurope', '--cpu', '1', '--memory', '1', '-o', 'json']),
    ) as { provisioningState: string; name: string };
    expect(created).toMatchObject({ name: 'hello', provisioningState: 'Succeeded' });

    let state: { state?: string; exitCode?: number } = {};
    for (let i = 0; i < 60 && state.state !== 'Terminated'; i++) {
      state = JSON.parse(await azOk(['container', 'show', '-g', 'az-rg', '-n', 'hello', '--query', 'containers[0].instanceView.currentState', '-o', 'json'])) as typeof state;
      if (state.state !== 'Terminated') await new Promise((r) => setTimeout(r, 250));
    }
    expect(state).toMatchObject({ state: 'Terminated', exitCode: 3 });

    // `az container logs` prints the log as the service gives it, then a newline of its own.
    expect(await azOk(['container', 'logs', '-g', 'az-rg', '-n', 'hello'])).toBe('hello from az\nsecond line\n\n');

    const listed = JSON.parse(await azOk(['container', 'list', '-g', 'az-rg', '-o', 'json'])) as Array<{ name: string }>;
    expect(listed.map((g) => g.name)).toEqual(['hello']);

    await azOk(['container', 'delete', '-g', 'az-rg', '-n', 'hello', '--yes', '-o', 'none']);
    const gone = await az(['container', 'show', '-g', 'az-rg', '-n', 'hello']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('ResourceNotFound');
  }, 180_000);

  it('az container exec fails with the CloudError the emulator gives, and attach returns; the emulator keeps serving', async () => {
    await azOk(['container', 'create', '-g', 'az-rg', '-n', 'sleeper', '--image', BUSYBOX, '--command-line', "sh -c 'echo attached output; sleep 2'", '--restart-policy', 'Never', '--location', 'westeurope', '-o', 'none']);
    const exec = await az(['container', 'exec', '-g', 'az-rg', '-n', 'sleeper', '--exec-command', 'ls']);
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toContain('NotImplemented');
    // attach streams the container's events and log until it ends.
    const attach = await az(['container', 'attach', '-g', 'az-rg', '-n', 'sleeper'], 60_000);
    expect(attach.stderr).not.toMatch(/Traceback/);
    expect(attach.code).toBe(0);
    expect(JSON.parse(await azOk(['container', 'show', '-g', 'az-rg', '-n', 'sleeper', '--query', 'name', '-o', 'json']))).toBe('sleeper');
    await azOk(['container', 'delete', '-g', 'az-rg', '-n', 'sleeper', '--yes', '-o', 'none']);
  }, 180_000);
});
