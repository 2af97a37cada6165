import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from './identity.js';

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'aci-emulator-identity-'));
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('loadOrCreateIdentity', () => {
  it('creates random ids and secrets once, in a file only its owner reads', async () => {
    const identity = await loadOrCreateIdentity(stateDir);
    expect(identity.tenantId).toMatch(uuid);
    expect(identity.subscriptionId).toMatch(uuid);
    expect(identity.clientId).toMatch(uuid);
    expect(identity.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(identity.managedIdentityHeader.length).toBeGreaterThanOrEqual(32);
    expect((await stat(path.join(stateDir, 'identity.json'))).mode & 0o777).toBe(0o600);

    expect(await loadOrCreateIdentity(stateDir)).toEqual(identity);
  });

  it('refuses an incomplete identity file instead of replacing it', async () => {
    await writeFile(path.join(stateDir, 'identity.json'), '{"tenantId":"t"}');
    await expect(loadOrCreateIdentity(stateDir)).rejects.toThrow(/missing subscriptionId, clientId, clientSecret, managedIdentityHeader/);
  });
});
