/**
 * Each way an Azure SDK user authenticates gets a token from the emulator that its ARM surface accepts:
 * the official SDK client, given only that credential, lists container groups. (Token acquisition for each
 * credential is tested in identity-routes.test.ts; this proves the tokens open the ARM surface.)
 */
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClient, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});

afterAll(async () => {
  await t?.stop();
});

/** Sets `vars` in the environment while `work` runs (credentials read it at construction, MSAL's managed identity at first use). */
async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
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

async function listsGroups(credential: TokenCredential): Promise<void> {
  const client = newClient(t.emulator, credential, t.agent);
  const names: string[] = [];
  for await (const g of client.containerGroups.list()) names.push(g.name!);
  expect(names).toEqual([]);
}

describe('credentials against the ARM surface', () => {
  const options = () => ({ authorityHost: t.emulator.url, disableInstanceDiscovery: true, agent: t.agent }) as never;

  it('ClientSecretCredential', async () => {
    await listsGroups(t.credential);
  });

  it('ClientAssertionCredential with a federated token', async () => {
    const { tenantId, clientId } = t.emulator.identity;
    await listsGroups(new ClientAssertionCredential(tenantId, clientId, () => t.emulator.tokens.issueFederatedToken(), options()));
  });

  it('ClientCertificateCredential with the printed client certificate', async () => {
    const { tenantId, clientId } = t.emulator.identity;
    await listsGroups(new ClientCertificateCredential(tenantId, clientId, { certificatePath: t.emulator.clientCertificatePath }, options()));
  });

  it('DefaultAzureCredential from the printed environment', async () => {
    const env = t.emulator.env;
    await withEnv(
      { AZURE_CLIENT_ID: env.AZURE_CLIENT_ID!, AZURE_CLIENT_SECRET: env.AZURE_CLIENT_SECRET!, AZURE_TENANT_ID: env.AZURE_TENANT_ID!, AZURE_AUTHORITY_HOST: env.AZURE_AUTHORITY_HOST!, AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential' },
      () => listsGroups(new DefaultAzureCredential(options())),
    );
  });

  it('ManagedIdentityCredential from IDENTITY_ENDPOINT / IDENTITY_HEADER', async () => {
    const env = t.emulator.env;
    await withEnv({ IDENTITY_ENDPOINT: env.IDENTITY_ENDPOINT!, IDENTITY_HEADER: env.IDENTITY_HEADER! }, () =>
      listsGroups(new ManagedIdentityCredential({ agent: t.agent, retryOptions: { maxRetries: 0 } } as never)),
    );
  });

  it('a wrong client secret gets no token, and says why without the secret', async () => {
    const { tenantId, clientId } = t.emulator.identity;
    const wrong = new ClientSecretCredential(tenantId, clientId, 'not-the-secret-123', options());
    const error = await wrong.getToken(`${t.emulator.url}/.default`).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('AADSTS7000215');
    expect(error?.message).not.toContain('not-the-secret-123');
  });
});
