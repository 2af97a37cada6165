/**
 * errors.ts end to end: the service's answers, produced for real by the ACI emulator over HTTPS and read by the
 * real SDK, leave the hook as the core's typed errors. Throttling (429 + Retry-After), 5xx, dropped
 * connections and token-endpoint failures are injected faults: see faults.engine.test.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection, type ContainerGroup, type InvalidContainerGroupError } from '@container-hook/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { toHookError } from './errors.js';
import { AciContainerGroupHook } from './hook.js';
import { toAciContainerGroup } from './mapping.js';

let a: TestEmulator;
/** A second emulator: strict about resource groups, and with a token service of its own (keys, identity). */
let b: TestEmulator;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestEmulator(), startTestEmulator({ strictResourceGroups: true })]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const t of [a, b]) if (t) expect(await t.leftovers()).toEqual([]);
});

const hookOf = (t: TestEmulator, extra: Record<string, unknown> = {}) =>
  new AciContainerGroupHook(new Connection({ connId: 'aci_errors_test', connType: 'azure_container_instance', login: t.emulator.connection.login, password: t.emulator.connection.password, extra: { ...t.emulator.connection.extra, ...extra } }), { maxRetries: 0 });

describe('404', () => {
  it('ResourceNotFound: getState of a missing group → ContainerGroupNotFoundError', async () => {
    const e = await rejection(() => hookOf(a).getState('rg-errors', 'no-such-group'));
    expect(e.code).toBe('ContainerGroupNotFound');
    expect(e.details).toMatchObject({ serviceCode: 'ResourceNotFound', statusCode: 404 });
    expect(e.message).toContain('no-such-group');
    expect(await hookOf(a).exists('rg-errors', 'no-such-group')).toBe(false);
  });

  it('ResourceGroupNotFound (a strict emulator): list of an unknown resource group → ResourceGroupNotFoundError', async () => {
    const e = await rejection(async () => {
      for await (const _ of hookOf(b).list('rg-unknown')) break;
    });
    expect(e.code).toBe('ResourceGroupNotFound');
    expect(e.details).toMatchObject({ serviceCode: 'ResourceGroupNotFound', statusCode: 404 });
    expect(e.message).toContain('rg-unknown');
    // A GET of a group there names the resource group, as ARM does; exists and delete treat it as "nothing there".
    const got = await rejection(() => hookOf(b).getState('rg-unknown', 'g'));
    expect(got.code).toBe('ResourceGroupNotFound');
    expect(await hookOf(b).exists('rg-unknown', 'g')).toBe(false);
    await hookOf(b).delete('rg-unknown', 'g');
  });
});

it('401: a token another emulator signed → AuthenticationError', async () => {
  // B's service principal gets a token from B for A's endpoint; A does not trust B's signing key.
  const bundle = path.join(a.stateDir, 'both-cas.pem');
  await writeFile(bundle, `${await readFile(a.emulator.caCertificatePath, 'utf8')}\n${await readFile(b.emulator.caCertificatePath, 'utf8')}`);
  const { clientId, clientSecret, tenantId } = b.emulator.identity;
  const hook = new AciContainerGroupHook(
    new Connection({
      connId: 'aci_foreign_token',
      connType: 'azure_container_instance',
      login: clientId,
      password: clientSecret,
      extra: { tenantId, subscriptionId: a.emulator.identity.subscriptionId, authority_host: b.emulator.url, resource_manager_endpoint: a.emulator.url, ca_certificate_path: bundle },
    }),
    { maxRetries: 0 },
  );
  const e = await rejection(() => hook.getState('rg-errors', 'g'));
  expect(e.code).toBe('Authentication');
  expect(e.details).toMatchObject({ statusCode: 401 });
  expect(e.message).toContain('401');
  expect(e.message).not.toContain(clientSecret);
  expect((await hook.testConnection()).ok).toBe(false);
});

describe('400 validation', () => {
  // Two rule breaks the service refuses: a non-positive CPU request, and a volume mount naming no volume.
  const invalid: ContainerGroup = {
    osType: 'Linux',
    restartPolicy: 'Never',
    containers: [{ name: 'main', image: 'busybox', resources: { requests: { cpu: 0, memoryInGB: 0.5 } }, volumeMounts: [{ name: 'missing', mountPath: '/data' }] }],
  };

  it("the service's 400 (sent past the hook's own check, with the SDK client) → InvalidContainerGroupError with the same problem paths as the hook's check", async () => {
    const hook = hookOf(a);
    const client = await hook.getConn();
    const sent = await client.containerGroups.beginCreateOrUpdate('rg-errors', 'invalid-group', toAciContainerGroup(invalid, 'eastus')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((sent as { statusCode?: number } | undefined)?.statusCode, String(sent)).toBe(400);
    const fromService = toHookError(sent, { resourceGroup: 'rg-errors', name: 'invalid-group' }) as InvalidContainerGroupError;
    expect(fromService.code).toBe('InvalidContainerGroup');

    const fromHook = (await rejection(() => hook.createOrUpdate('rg-errors', 'invalid-group', invalid))) as InvalidContainerGroupError;
    expect(fromHook.code).toBe('InvalidContainerGroup');
    const paths = (e: InvalidContainerGroupError) => e.problems.map((p) => p.path).sort();
    expect(paths(fromService)).toEqual(paths(fromHook));
    expect(paths(fromService).length).toBeGreaterThanOrEqual(2);
    expect(await hook.exists('rg-errors', 'invalid-group')).toBe(false);
  });
});

it('a closed port → BackendUnavailableError naming the endpoint (no retries)', async () => {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const endpoint = `https://127.0.0.1:${port}`;
  const hook = hookOf(a, { resource_manager_endpoint: endpoint });
  const started = Date.now();
  const e = await rejection(() => hook.getState('rg-errors', 'g'));
  expect(e.code).toBe('BackendUnavailable');
  expect(e.message).toContain(endpoint);
  expect(Date.now() - started).toBeLessThan(10_000);
  const listed = await rejection(async () => {
    for await (const _ of hook.list()) break;
  });
  expect(listed.code).toBe('BackendUnavailable');
});
