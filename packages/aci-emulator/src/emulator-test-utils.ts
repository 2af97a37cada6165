/**
 * Test-only: an emulator on the local Docker engine whose objects carry a per-run label (so a leak check
 * can find them), and clients of the official Azure SDK pointed at it. The CA is trusted by each client
 * only (an https.Agent given the CA), as a user would do; no process-wide variable is set.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { Connection, type ContainerGroupHook } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import type Docker from 'dockerode';
import { startAciEmulator, type AciEmulator, type AciEmulatorOptions } from './index.js';

export const RUN_LABEL = 'container-hook.test-run';
export const BUSYBOX = 'container-hook/busybox:local';

export interface TestEmulator {
  emulator: AciEmulator;
  hook: DockerContainerGroupHook;
  runId: string;
  stateDir: string;
  /** An https.Agent that trusts the emulator's CA (and nothing else is changed). */
  agent: https.Agent;
  /** A `ClientSecretCredential` of the emulator's service principal. */
  credential: TokenCredential;
  /** The official SDK client, unmodified but for `endpoint`, the credential and the agent. */
  client: ContainerInstanceManagementClient;
  /** Every container, volume and network of this run left on the engine. */
  leftovers(): Promise<string[]>;
  /** Stops the emulator (deleting its groups) and removes the state dir. */
  stop(): Promise<void>;
}

/**
 * Starts an emulator for a test file on a Docker hook labelled for this run.
 * @param wrapHook - puts something in front of that hook (a test's gate); the leak check still sees the run's objects.
 */
export async function startTestEmulator(options: AciEmulatorOptions = {}, wrapHook?: (hook: DockerContainerGroupHook) => ContainerGroupHook): Promise<TestEmulator> {
  const runId = randomUUID().slice(0, 8);
  const hook = new DockerContainerGroupHook(new Connection({ connId: 'emulator_test', connType: 'docker' }), { labels: { [RUN_LABEL]: runId }, stopTimeoutInSeconds: 1 });
  const check = await hook.testConnection();
  if (!check.ok) throw new Error(`no Docker engine answers (${check.message}); start one (scripts/setup) before running the engine tests`);
  const stateDir = options.stateDir ?? (await mkdtemp(path.join(os.tmpdir(), 'aci-emulator-test-')));
  const emulator = await startAciEmulator({ hook: wrapHook ? wrapHook(hook) : hook, stateDir, ...options });
  const agent = new https.Agent({ ca: readFileSync(emulator.caCertificatePath) });
  const credential = new ClientSecretCredential(emulator.identity.tenantId, emulator.identity.clientId, emulator.identity.clientSecret, {
    authorityHost: emulator.url,
    disableInstanceDiscovery: true,
    agent,
  } as never);
  const client = newClient(emulator, credential, agent);
  return {
    emulator,
    hook,
    runId,
    stateDir,
    agent,
    credential,
    client,
    async leftovers() {
      const docker = (await hook.getConn()) as Docker;
      const label = [`${RUN_LABEL}=${runId}`];
      const [containers, volumes, networks] = await Promise.all([
        docker.listContainers({ all: true, filters: { label } }),
        docker.listVolumes({ filters: { label } }),
        docker.listNetworks({ filters: { label } }),
      ]);
      return [...containers.map((c) => `container ${c.Names?.[0] ?? c.Id}`), ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`), ...networks.map((n) => `network ${n.Name}`)];
    },
    async stop() {
      await emulator.stop();
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** The official SDK client for the emulator, with fast polling and no retries (tests fail fast). */
export function newClient(emulator: AciEmulator, credential: TokenCredential, agent: https.Agent, subscriptionId = emulator.identity.subscriptionId): ContainerInstanceManagementClient {
  return new ContainerInstanceManagementClient(credential, subscriptionId, { endpoint: emulator.url, agent, retryOptions: { maxRetries: 0 } } as never);
}

/** `https` GET/PUT/… to the emulator with the given headers; the body parsed when JSON. */
export async function rawRequest(
  t: Pick<TestEmulator, 'emulator' | 'agent'>,
  method: string,
  pathAndQuery: string,
  options: { token?: string; body?: unknown; form?: URLSearchParams; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown; text: string }> {
  const url = new URL(pathAndQuery, t.emulator.url);
  const payload = options.form !== undefined ? options.form.toString() : options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        agent: t.agent,
        headers: {
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(payload !== undefined ? { 'Content-Type': options.form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = undefined;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A token of the emulator's service principal for its own endpoint (what the SDK would send). */
export async function armToken(t: Pick<TestEmulator, 'credential' | 'emulator'>): Promise<string> {
  const token = await t.credential.getToken(`${t.emulator.url}/.default`);
  if (!token) throw new Error('no token');
  return token.token;
}
