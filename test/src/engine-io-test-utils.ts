/**
 * Test-only helpers shared by `bad-input.engine.test.ts` and `secrets.engine.test.ts`: an emulator on a
 * Docker hook labelled for the run, plain HTTPS to it (trusting its CA only), a token of its service
 * principal, and the built CLI spawned as a user would run it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AciContainerGroupHook } from '@container-hook/aci-backend';
import { startAciEmulator, type AciEmulator } from '@container-hook/aci-emulator';
import { Connection } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import { dockerLeftovers } from './docker-engine-test-utils.js';

export const CLI_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/bin/container-hook.js');
export const RUN_LABEL_KEY = 'container-hook.test-run';

export interface EngineRun {
  runId: string;
  runLabel: Record<string, string>;
  /** A Docker hook whose objects carry the run label. */
  docker: DockerContainerGroupHook;
  emulator: AciEmulator;
  /** An ACI hook (Azure SDK) on the emulator, as a user of `container-hook emulator`'s connection makes it. */
  aci: AciContainerGroupHook;
  agent: https.Agent;
  leftovers(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startEngineRun(connId: string): Promise<EngineRun> {
  const runId = randomBytes(4).toString('hex');
  const runLabel = { [RUN_LABEL_KEY]: runId };
  const docker = new DockerContainerGroupHook(new Connection({ connId, connType: 'docker' }), { labels: { ...runLabel }, stopTimeoutInSeconds: 1 });
  const check = await docker.testConnection();
  if (!check.ok) throw new Error(`no Docker engine answers (${check.message}); start one (scripts/setup) before running the engine tests`);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), `${connId}-`));
  const emulator = await startAciEmulator({ hook: docker, stateDir, port: 0 });
  const { conn_type: connType, login, password, extra } = emulator.connection;
  const aci = new AciContainerGroupHook(new Connection({ connId: `${connId}_aci`, connType, login, password, extra: { ...extra } }), {
    operationPollIntervalInMs: 100,
    followMinIntervalInMs: 200,
    followMaxIntervalInMs: 1000,
    maxRetries: 0,
  });
  const agent = new https.Agent({ ca: readFileSync(emulator.caCertificatePath) });
  return {
    runId,
    runLabel,
    docker,
    emulator,
    aci,
    agent,
    leftovers: () => dockerLeftovers(docker, runLabel),
    async stop() {
      await emulator.stop();
      agent.destroy();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** HTTPS to the emulator; `body` is sent as JSON text as given (a string is sent as is). */
export function rawRequest(run: Pick<EngineRun, 'emulator' | 'agent'>, method: string, pathAndQuery: string, options: { token?: string; json?: unknown; form?: URLSearchParams; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const url = new URL(pathAndQuery, run.emulator.url);
  const payload = options.form !== undefined ? options.form.toString() : options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        agent: run.agent,
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
          let body: unknown;
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

/** A token of the emulator's service principal for its ARM endpoint, by the client-credentials grant. */
export async function armToken(run: Pick<EngineRun, 'emulator' | 'agent'>): Promise<{ token: string; response: RawResponse }> {
  const { tenantId, clientId, clientSecret } = run.emulator.identity;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: `${run.emulator.url}/.default` });
  const response = await rawRequest(run, 'POST', `/${tenantId}/oauth2/v2.0/token`, { form });
  const token = (response.body as { access_token?: string } | undefined)?.access_token;
  if (response.status !== 200 || !token) throw new Error(`no token from the emulator: ${response.status}`);
  return { token, response };
}

export interface CliResult {
  args: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with a clean environment (no AIRFLOW_CONN_*, CONTAINER_HOOK_*) plus `env`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input = ''): Promise<CliResult> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(clean)) {
    if (k.startsWith('AIRFLOW_CONN_') || k.startsWith('CONTAINER_HOOK_') || k === 'NODE_OPTIONS' || k.startsWith('VITEST') || k === 'FORCE_COLOR' || k === 'DEBUG') delete clean[k];
  }
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ args, exitCode, stdout, stderr }));
  });
}
