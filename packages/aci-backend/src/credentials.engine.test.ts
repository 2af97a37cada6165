/**
 * Every credential path of the hook (Airflow's order, credentials.ts) gets a real token from the ACI emulator's
 * token service over HTTPS and opens its ARM surface: `testConnection()` is ok and `list()` answers, through the
 * real `@azure/identity` and `@azure/arm-containerinstance`. Only real Azure is replaced (by the emulator).
 *
 * `DefaultAzureCredential` reads `process.env` when it is built and MSAL's managed identity reads it at first
 * use, so each of those tests sets the variables around the whole hook call (and restores them), and pins the
 * chain member with `AZURE_TOKEN_CREDENTIALS`. The authority is the emulator's, unknown to MSAL: unless
 * `disableInstanceDiscovery` reaches the chain's members, MSAL asks the public cloud about it and the token
 * request fails (offline it cannot connect; online Entra answers `invalid_instance`).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { Connection, getConnection, type ContainerGroup } from '@container-hook/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AciContainerGroupHook } from './hook.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});

afterAll(async () => {
  await t?.stop();
  if (t) expect(await t.leftovers()).toEqual([]);
});

/** Every variable a credential of the chain reads: unset unless a test sets it. */
const AZURE_VARIABLES = [
  'AZURE_AUTH_LOCATION',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_TENANT_ID',
  'AZURE_AUTHORITY_HOST',
  'AZURE_TOKEN_CREDENTIALS',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_USERNAME',
  'AZURE_PASSWORD',
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'IMDS_ENDPOINT',
];

/** Runs `work` with exactly `vars` of the Azure variables set in `process.env`, then restores them. */
async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const keys = [...new Set([...AZURE_VARIABLES, ...Object.keys(vars)])];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const connection = (fields: { login?: string; password?: string; extra: Record<string, unknown> }) =>
  new Connection({ connId: 'aci_credentials_test', connType: 'azure_container_instance', ...fields });
/** What every path needs besides its credential: the subscription, the ARM endpoint and its CA. */
const endpointExtras = () => ({ subscriptionId: t.emulator.identity.subscriptionId, resource_manager_endpoint: t.emulator.url, ca_certificate_path: t.emulator.caCertificatePath });

/** testConnection is ok, naming the path, and list() reads the subscription's groups. */
async function opens(hook: AciContainerGroupHook, source: string): Promise<void> {
  const result = await hook.testConnection();
  expect(result, result.message).toMatchObject({ ok: true });
  expect(result.message).toContain(source);
  const groups: ContainerGroup[] = [];
  for await (const g of hook.list()) groups.push(g);
  expect(groups).toEqual([]);
}

async function writeAuthFile(name: string): Promise<string> {
  const { clientId, clientSecret, subscriptionId, tenantId } = t.emulator.identity;
  const file = path.join(t.stateDir, name);
  await writeFile(file, JSON.stringify({ clientId, clientSecret, subscriptionId, tenantId, activeDirectoryEndpointUrl: t.emulator.url, resourceManagerEndpointUrl: t.emulator.url }), { mode: 0o600 });
  return file;
}

const authFileObject = () => {
  const { clientId, clientSecret, subscriptionId, tenantId } = t.emulator.identity;
  return { clientId, clientSecret, subscriptionId, tenantId, activeDirectoryEndpointUrl: t.emulator.url, resourceManagerEndpointUrl: t.emulator.url };
};

describe('each credential path gets a token the emulator accepts', () => {
  it('the emulator connection in Airflow JSON form (client secret)', async () => {
    // As a user sets it: AIRFLOW_CONN_ACI_EMULATOR holding the JSON the emulator prints.
    const fromEnv = await getConnection('aci_emulator', { env: { AIRFLOW_CONN_ACI_EMULATOR: JSON.stringify(t.emulator.connection) } });
    await opens(new AciContainerGroupHook(fromEnv, { maxRetries: 0 }), 'service-principal-secret');
  });

  it('an auth file named by key_path (endpoints and subscription from the file)', async () => {
    const keyPath = await writeAuthFile('sdk-auth.json');
    await withEnv({}, () => opens(new AciContainerGroupHook(connection({ extra: { key_path: keyPath, ca_certificate_path: t.emulator.caCertificatePath } }), { maxRetries: 0 }), 'auth-file'));
  });

  it('key_json as a string and as an object', async () => {
    for (const keyJson of [JSON.stringify(authFileObject()), authFileObject()]) {
      await withEnv({}, () => opens(new AciContainerGroupHook(connection({ extra: { key_json: keyJson, ca_certificate_path: t.emulator.caCertificatePath } }), { maxRetries: 0 }), 'auth-file'));
    }
  });

  it('AZURE_AUTH_LOCATION, from the hook option env', async () => {
    const location = await writeAuthFile('auth-location.json');
    const hook = new AciContainerGroupHook(connection({ extra: { ca_certificate_path: t.emulator.caCertificatePath } }), { maxRetries: 0, env: { AZURE_AUTH_LOCATION: location } });
    await withEnv({}, () => opens(hook, 'auth-file'));
  });

  it('a client secret: login, password and the tenantId extra', async () => {
    const { clientId, clientSecret, tenantId } = t.emulator.identity;
    await opens(new AciContainerGroupHook(connection({ login: clientId, password: clientSecret, extra: { tenantId, authority_host: t.emulator.url, ...endpointExtras() } }), { maxRetries: 0 }), 'service-principal-secret');
  });

  it('a client certificate: the client_certificate_path extra', async () => {
    const { clientId, tenantId } = t.emulator.identity;
    const hook = new AciContainerGroupHook(connection({ login: clientId, extra: { tenantId, client_certificate_path: t.emulator.clientCertificatePath, authority_host: t.emulator.url, ...endpointExtras() } }), { maxRetries: 0 });
    await opens(hook, 'service-principal-certificate');
  });

  it('DefaultAzureCredential from AZURE_CLIENT_ID / SECRET / TENANT_ID / AUTHORITY_HOST (the authority from the environment)', async () => {
    const env = t.emulator.env;
    const vars = { AZURE_CLIENT_ID: env.AZURE_CLIENT_ID!, AZURE_CLIENT_SECRET: env.AZURE_CLIENT_SECRET!, AZURE_TENANT_ID: env.AZURE_TENANT_ID!, AZURE_AUTHORITY_HOST: env.AZURE_AUTHORITY_HOST!, AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential' };
    await withEnv(vars, () => opens(new AciContainerGroupHook(connection({ extra: endpointExtras() }), { maxRetries: 0 }), 'default-azure-credential'));
  });

  it('DefaultAzureCredential with a managed identity: IDENTITY_ENDPOINT / IDENTITY_HEADER', async () => {
    const env = t.emulator.env;
    const vars = { IDENTITY_ENDPOINT: env.IDENTITY_ENDPOINT!, IDENTITY_HEADER: env.IDENTITY_HEADER!, AZURE_TOKEN_CREDENTIALS: 'ManagedIdentityCredential' };
    await withEnv(vars, () => opens(new AciContainerGroupHook(connection({ extra: endpointExtras() }), { maxRetries: 0 }), 'default-azure-credential'));
  });

  it('DefaultAzureCredential with workload identity: a federated token file', async () => {
    const tokenFile = path.join(t.stateDir, 'federated-token');
    await writeFile(tokenFile, await t.emulator.tokens.issueFederatedToken(), { mode: 0o600 });
    const { clientId, tenantId } = t.emulator.identity;
    const vars = { AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_CLIENT_ID: clientId, AZURE_TENANT_ID: tenantId, AZURE_AUTHORITY_HOST: t.emulator.url, AZURE_TOKEN_CREDENTIALS: 'WorkloadIdentityCredential' };
    await withEnv(vars, () => opens(new AciContainerGroupHook(connection({ extra: endpointExtras() }), { maxRetries: 0 }), 'default-azure-credential'));
  });

  it('DefaultAzureCredential with the managed_identity_client_id / workload_identity_tenant_id extras (Airflow’s chain options)', async () => {
    const tokenFile = path.join(t.stateDir, 'federated-token-extras');
    await writeFile(tokenFile, await t.emulator.tokens.issueFederatedToken(), { mode: 0o600 });
    const { clientId, tenantId } = t.emulator.identity;
    const vars = { AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_TOKEN_CREDENTIALS: 'WorkloadIdentityCredential' };
    const hook = new AciContainerGroupHook(connection({ extra: { managed_identity_client_id: clientId, workload_identity_tenant_id: tenantId, authority_host: t.emulator.url, ...endpointExtras() } }), { maxRetries: 0 });
    await withEnv(vars, () => opens(hook, 'default-azure-credential'));
  });
});

describe('a credential the emulator refuses', () => {
  const WRONG = 'wrong-secret-value-42';
  const wrongHook = () => {
    const { clientId, tenantId } = t.emulator.identity;
    return new AciContainerGroupHook(connection({ login: clientId, password: WRONG, extra: { tenantId, authority_host: t.emulator.url, ...endpointExtras() } }), { maxRetries: 0 });
  };

  it('testConnection is not ok, and says why without the secret', async () => {
    const result = await wrongHook().testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('AADSTS7000215');
    expect(result.message).not.toContain(WRONG);
  });

  it("every operation throws the core's AuthenticationError (code Authentication) without the secret", async () => {
    const hook = wrongHook();
    const group: ContainerGroup = { osType: 'Linux', containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }] };
    const operations: Array<[string, () => Promise<unknown>]> = [
      ['getState', () => hook.getState('rg1', 'g1')],
      ['exists', () => hook.exists('rg1', 'g1')],
      ['delete', () => hook.delete('rg1', 'g1')],
      ['createOrUpdate', () => hook.createOrUpdate('rg1', 'g1', group)],
      ['list', async () => {
        for await (const _ of hook.list('rg1')) break;
      }],
    ];
    for (const [name, operation] of operations) {
      const error = await operation().then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
      expect(error, `${name} did not throw`).toBeDefined();
      expect({ name, errorName: error!.name, code: error!.code }).toEqual({ name, errorName: 'AuthenticationError', code: 'Authentication' });
      expect(error!.message).not.toContain(WRONG);
      expect(JSON.stringify(error)).not.toContain(WRONG);
    }
  });
});
