/**
 * `startAciEmulator`: the ACI emulator in this process — an HTTPS server with a CA it made, an
 * Entra-compatible token service and the `Microsoft.ContainerInstance` ARM surface, running groups for
 * real through a `ContainerGroupHook` (the local Docker engine by default).
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ContainerGroupHook } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import createDebug from 'debug';
import { loadOrCreateCertificates, type EmulatorCertificates } from './certificates.js';
import type { EmulatorContext } from './context.js';
import { loadOrCreateIdentity, type EmulatorIdentity } from './identity.js';
import type { ImageMap } from './image-map.js';
import { hookResourceGroupOf } from './container-groups.js';
import { FaultInjector, faultConfigFromEnv, type FaultConfig, type FaultRule, type FaultsDescription } from './faults.js';
import { buildServer } from './server.js';
import { EmulatorStore } from './store.js';
import { TokenService } from './token-service.js';

const log = createDebug('container-hook:emulator');

/** Options of {@link startAciEmulator}. */
export interface AciEmulatorOptions {
  /** The TCP port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /**
   * Where the CA, the server certificate, the signing key and the identity (client id and secret) are
   * kept and reused, so clients that trusted the CA keep trusting it. Default: `$XDG_STATE_HOME/container-hook/aci-emulator`
   * (`~/.local/state/…`).
   */
  stateDir?: string;
  /** What runs the groups. Default: the local Docker engine (`docker_default`). */
  hook?: ContainerGroupHook;
  /** Registry images → local images (`{ nginx: 'container-hook/busybox:local' }`); a key without a tag matches every tag. */
  imageMap?: ImageMap;
  /** An unknown resource group is `ResourceGroupNotFound` (as in Azure) instead of being created on first use. Default false. */
  strictResourceGroups?: boolean;
  /** List items per page before a `nextLink` (default 100). */
  pageSize?: number;
  /**
   * Faults to inject (see the README's "Fault injection"): rules, or rules with the seed of their random
   * source. Default: what `CONTAINER_HOOK_EMULATOR_FAULTS` holds (the same JSON), else none. Changed at run
   * time with {@link AciEmulator.faults} or `PUT /admin/faults`.
   */
  faults?: FaultRule[] | FaultConfig;
  /** The seed of the faults' random source (`probability`), when `faults` gives none. Default 1. */
  faultSeed?: number;
}

/** The fault rules of a running emulator (what `PUT/GET/DELETE /admin/faults` does, in process). */
export interface AciEmulatorFaults {
  /** Replaces the rules; their counters start again. */
  set(faults: FaultRule[] | FaultConfig): void;
  /** Removes every rule. */
  clear(): void;
  /** The rules, with how many requests each matched and how many faults it injected. */
  describe(): FaultsDescription;
}

/** The connection of the emulator's service principal, in Airflow's JSON form (for `AIRFLOW_CONN_<ID>`). */
export interface AciEmulatorConnection {
  conn_type: 'azure_container_instance';
  login: string;
  password: string;
  extra: {
    tenantId: string;
    subscriptionId: string;
    resource_manager_endpoint: string;
    authority_host: string;
    ca_certificate_path: string;
  };
}

/** Where an emulator of a state folder answers and how clients reach it (see {@link describeAciEmulator}). */
export interface AciEmulatorDescription {
  /** `https://127.0.0.1:<port>`: the ARM endpoint and the authority host. */
  url: string;
  /** The CA that signed the server certificate: trust it in clients. */
  caCertificatePath: string;
  /** A PEM file with the client certificate (and key) the emulator accepts for its service principal. */
  clientCertificatePath: string;
  /** Tenant, subscription, client id and secret of the emulator's service principal. */
  identity: EmulatorIdentity;
  connection: AciEmulatorConnection;
  /**
   * The environment of the same identity: `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_TENANT_ID`,
   * `AZURE_AUTHORITY_HOST`, `AZURE_SUBSCRIPTION_ID`, the managed-identity pair `IDENTITY_ENDPOINT` /
   * `IDENTITY_HEADER`, and the CA for Node (`NODE_EXTRA_CA_CERTS`, read at process start) and Python (`REQUESTS_CA_BUNDLE`).
   */
  env: Record<string, string>;
}

/** A running emulator. */
export interface AciEmulator extends AciEmulatorDescription {
  /** The token service, for tests that need a token of their own (a federated token, an expired one). */
  tokens: TokenService;
  /** The fault rules in force (none unless given). */
  faults: AciEmulatorFaults;
  /**
   * Stops serving and, unless `keepGroups`, deletes every container group the emulator created (waiting
   * for provisioning in flight first), so nothing is left on the engine.
   */
  stop(options?: { keepGroups?: boolean }): Promise<void>;
}

/** The default state folder: `$XDG_STATE_HOME/container-hook/aci-emulator`. */
export function defaultStateDir(): string {
  const base = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'container-hook', 'aci-emulator');
}

/**
 * Starts the ACI emulator.
 * @example
 * ```ts
 * const emulator = await startAciEmulator({ imageMap: { nginx: 'container-hook/busybox:local' } });
 * process.env.AIRFLOW_CONN_ACI_LOCAL = JSON.stringify(emulator.connection);
 * // … run ACI code against emulator.url …
 * await emulator.stop();
 * ```
 */
export async function startAciEmulator(options: AciEmulatorOptions = {}): Promise<AciEmulator> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const certificates = await loadOrCreateCertificates(stateDir);
  const identity = await loadOrCreateIdentity(stateDir);
  const tokens = await TokenService.create(stateDir, identity, certificates);
  const store = new EmulatorStore();
  const context: EmulatorContext = {
    store,
    hook: options.hook ?? new DockerContainerGroupHook(undefined, { labels: { 'container-hook.aci-emulator': 'true' } }),
    imageMap: { ...options.imageMap },
    tenantId: identity.tenantId,
    subscriptionId: identity.subscriptionId,
    strictResourceGroups: options.strictResourceGroups ?? false,
    pageSize: options.pageSize ?? 100,
  };
  const toConfig = (f: FaultRule[] | FaultConfig): FaultConfig => (Array.isArray(f) ? { rules: f, ...(options.faultSeed !== undefined ? { seed: options.faultSeed } : {}) } : { ...(options.faultSeed !== undefined ? { seed: options.faultSeed } : {}), ...f });
  const initialFaults = options.faults !== undefined ? toConfig(options.faults) : faultConfigFromEnv();
  const faults = new FaultInjector(initialFaults);
  if (faults.active) log('fault injection on: %j', faults.describe());
  const app = buildServer({ context, certificates, identity, tokens, faults });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  const url = `https://127.0.0.1:${port}`;
  log('listening on %s (state in %s)', url, stateDir);

  const description = describe(url, certificates, identity);

  let stopped = false;
  return {
    ...description,
    tokens,
    faults: {
      set: (f) => faults.set(toConfig(f)),
      clear: () => faults.clear(),
      describe: () => faults.describe(),
    },
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      await app.close();
      await store.idle();
      if (stopOptions.keepGroups) return;
      const failures: unknown[] = [];
      await Promise.all(
        store.allGroups().map(async (g) => {
          store.deleteGroup(g);
          await context.hook.delete(hookResourceGroupOf(context, g), g.name).catch((e: unknown) => failures.push(e));
        }),
      );
      if (failures.length > 0) throw new AggregateError(failures, `the ACI emulator could not delete ${failures.length} container group(s) it created`);
    },
  };
}

/**
 * The endpoint, CA, connection and environment of the emulator of `stateDir` on `port`, without serving
 * (what `container-hook emulator --print-env` prints for an emulator running in another shell). The CA,
 * keys and identity are made if the state folder has none yet, as starting would.
 */
export async function describeAciEmulator(options: { stateDir?: string; port: number }): Promise<AciEmulatorDescription> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const certificates = await loadOrCreateCertificates(stateDir);
  const identity = await loadOrCreateIdentity(stateDir);
  await TokenService.create(stateDir, identity, certificates); // its signing key too, so a later start finds all in place
  return describe(`https://127.0.0.1:${options.port}`, certificates, identity);
}

function describe(url: string, certificates: EmulatorCertificates, identity: EmulatorIdentity): AciEmulatorDescription {
  const connection: AciEmulatorConnection = {
    conn_type: 'azure_container_instance',
    login: identity.clientId,
    password: identity.clientSecret,
    extra: {
      tenantId: identity.tenantId,
      subscriptionId: identity.subscriptionId,
      resource_manager_endpoint: url,
      authority_host: url,
      ca_certificate_path: certificates.caCertificatePath,
    },
  };
  const env: Record<string, string> = {
    AZURE_CLIENT_ID: identity.clientId,
    AZURE_CLIENT_SECRET: identity.clientSecret,
    AZURE_TENANT_ID: identity.tenantId,
    AZURE_AUTHORITY_HOST: url,
    AZURE_SUBSCRIPTION_ID: identity.subscriptionId,
    IDENTITY_ENDPOINT: `${url}/msi/token`,
    IDENTITY_HEADER: identity.managedIdentityHeader,
    NODE_EXTRA_CA_CERTS: certificates.caCertificatePath,
    REQUESTS_CA_BUNDLE: certificates.caCertificatePath,
  };
  return { url, caCertificatePath: certificates.caCertificatePath, clientCertificatePath: certificates.clientCertificatePath, identity, connection, env };
}
