/**
 * The emulator's one tenant, subscription and service principal. They are random, created once and kept in
 * `identity.json`, so that the credentials a user configured keep working after a restart.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import createDebug from 'debug';
import { ensureStateDir, readOptionalFile, writeFileAtomically } from './state-files.js';

const log = createDebug('container-hook:emulator');

/** The ids and secrets clients use against the emulator. */
export interface EmulatorIdentity {
  /** The directory (tenant) id: `AZURE_TENANT_ID`. */
  tenantId: string;
  /** The one subscription the emulator serves: `AZURE_SUBSCRIPTION_ID`. */
  subscriptionId: string;
  /** The service principal's application (client) id: `AZURE_CLIENT_ID`; also the managed identity's client id. */
  clientId: string;
  /** The service principal's secret: `AZURE_CLIENT_SECRET`. Never logged. */
  clientSecret: string;
  /** The value the managed-identity endpoint requires in `X-IDENTITY-HEADER`: `IDENTITY_HEADER`. Never logged. */
  managedIdentityHeader: string;
}

/**
 * Loads the emulator's identity from `stateDir/identity.json`, creating it (mode 0600) on the first call.
 *
 * @param stateDir - The emulator's state directory (created with mode 0700 when missing).
 * @returns The tenant, subscription and client ids and the two secrets.
 * @throws {Error} when `identity.json` exists but is not a complete identity (remove the file to start over).
 */
export async function loadOrCreateIdentity(stateDir: string): Promise<EmulatorIdentity> {
  await ensureStateDir(stateDir);
  const file = path.join(stateDir, 'identity.json');
  const text = await readOptionalFile(file);
  if (text !== undefined) return parseIdentity(text, file);

  const identity: EmulatorIdentity = {
    tenantId: randomUUID(),
    subscriptionId: randomUUID(),
    clientId: randomUUID(),
    // 40 characters, as long as an Entra client secret.
    clientSecret: randomBytes(30).toString('base64url'),
    managedIdentityHeader: randomBytes(24).toString('base64url'),
  };
  await writeFileAtomically(file, JSON.stringify(identity, null, 2) + '\n', 0o600);
  log('created identity: tenant %s, subscription %s, client %s', identity.tenantId, identity.subscriptionId, identity.clientId);
  return identity;
}

function parseIdentity(text: string, file: string): EmulatorIdentity {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const keys = ['tenantId', 'subscriptionId', 'clientId', 'clientSecret', 'managedIdentityHeader'] as const;
  const missing = keys.filter((key) => typeof record[key] !== 'string' || record[key] === '');
  if (missing.length > 0) {
    throw new Error(`the emulator identity in "${file}" is not valid (missing ${missing.join(', ')}); remove the file to create a new identity`);
  }
  return Object.fromEntries(keys.map((key) => [key, record[key]])) as unknown as EmulatorIdentity;
}
