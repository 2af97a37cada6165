/**
 * The Python Azure SDK (Debian's python3-azure: azure-identity 1.13, azure-mgmt-containerinstance 10.1,
 * api-version 2022-10-01-preview; scripts/setup installs it) against the emulator: the committed client
 * test-clients/aci_python_client.py runs a real container through create / get / logs / list / delete
 * with `ClientSecretCredential(authority=<url>, instance_discovery=False, connection_verify=<ca>)`, then
 * reads the list with the default audience and with the App Service style `ManagedIdentityCredential`.
 * No CA variable is set for it: the CA reaches the SDK through `connection_verify` only.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../test-clients/aci_python_client.py', import.meta.url));
const MISSING = `Debian's Python Azure SDK is missing (${PYTHON} with azure.mgmt.containerinstance and azure.identity): run scripts/setup, which installs python3-azure`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function python(args: string[], env: NodeJS.ProcessEnv, timeoutInMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(PYTHON, args, { env, timeout: timeoutInMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr: error && error.code === 'ENOENT' ? `${PYTHON}: not found` : stderr });
    });
  });
}

let t: TestEmulator | undefined;
let run: Run;
let steps: Map<string, Record<string, unknown>>;
/** Set when the SDK is missing: every test then fails with it (a missing client is a failure, not a skip). */
let missing: Error | undefined;

function ran(): Map<string, Record<string, unknown>> {
  if (missing) throw missing;
  return steps;
}

/** The script's JSON line of one step; a missing step fails with everything the script printed. */
function step(name: string): Record<string, unknown> {
  const found = ran().get(name);
  if (!found) throw new Error(`the Python client printed no '${name}' step (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return found;
}

beforeAll(async () => {
  // The packages come first: without them every test fails with the fix in its message (never skipped).
  const check = await python(['-c', 'import azure.mgmt.containerinstance, azure.identity'], process.env, 60_000);
  if (check.code !== 0) {
    missing = new Error(`${MISSING}\n${check.stderr}`);
    return;
  }

  t = await startTestEmulator();
  const { url, caCertificatePath, identity, env: printed } = t.emulator;
  // Only what the script reads; no REQUESTS_CA_BUNDLE / SSL_CERT_FILE, so the CA is trusted through
  // connection_verify alone. HOME and PATH are kept for Python itself.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    ACI_EMULATOR_URL: url,
    ACI_EMULATOR_CA: caCertificatePath,
    AZURE_TENANT_ID: identity.tenantId,
    AZURE_CLIENT_ID: identity.clientId,
    AZURE_CLIENT_SECRET: identity.clientSecret,
    AZURE_SUBSCRIPTION_ID: identity.subscriptionId,
    IDENTITY_ENDPOINT: printed.IDENTITY_ENDPOINT,
    IDENTITY_HEADER: printed.IDENTITY_HEADER,
    ACI_IMAGE: BUSYBOX,
    ACI_RESOURCE_GROUP: 'python-rg',
    ACI_GROUP_NAME: 'hello-python',
  };
  run = await python([SCRIPT], env, 150_000);
  steps = new Map();
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    steps.set(String(parsed.step), parsed);
  }
}, 180_000);

afterAll(async () => {
  if (!t) return;
  await t.stop();
  expect(await t.leftovers()).toEqual([]);
});

describe('the Python Azure SDK (python3-azure) against the emulator', () => {
  it('runs to the end without an error', () => {
    expect(ran().get('error'), `${run.stdout}\n${run.stderr}`).toBeUndefined();
    expect(run.code, run.stderr).toBe(0);
    expect([...steps.keys()]).toEqual(['create', 'get', 'logs', 'list', 'list-default-audience', 'list-managed-identity', 'delete', 'get-after-delete']);
  });

  it('begin_create_or_update(...).result() returns the group, Succeeded', () => {
    expect(step('create')).toMatchObject({ name: 'hello-python', provisioningState: 'Succeeded' });
  });

  it('get shows the container Terminated with exit code 3', () => {
    expect(step('get')).toMatchObject({ name: 'hello-python', state: 'Terminated', exitCode: 3 });
  });

  it('containers.list_logs returns exactly what the container printed', () => {
    expect(step('logs')).toEqual({ step: 'logs', content: 'hello from python\nsecond line\n' });
  });

  it('list_by_resource_group lists the group, with the emulator audience, the default audience and the managed identity', () => {
    expect(step('list').names).toEqual(['hello-python']);
    expect(step('list-default-audience').names).toEqual(['hello-python']);
    expect(step('list-managed-identity').names).toEqual(['hello-python']);
  });

  it('begin_delete(...).result() completes, and get afterwards raises ResourceNotFoundError', () => {
    expect(step('delete')).toMatchObject({ done: true });
    expect(step('get-after-delete')).toEqual({ step: 'get-after-delete', error: 'ResourceNotFoundError', code: 'ResourceNotFound', status: 404 });
  });
});
