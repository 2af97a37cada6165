/**
 * Secret scan: known secret values — a secureValue, a secret volume, registry credentials, the emulator's
 * client secret, an access token, the managed-identity header — go through the Docker hook, the ACI hook
 * (Azure SDK → ACI emulator → Docker), the emulator's HTTP API, the CLI and the emulator's debug log;
 * every text a user or a log could see is collected and none holds a secret.
 *
 * Excluded on purpose (the user asked for the secret there): the stdout of `container-hook emulator`, which
 * prints its own connection (client secret included) so that clients can use it; the token endpoints'
 * answers, which are the token.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { Connection, type ContainerGroup, type ContainerGroupHook } from '@container-hook/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerLeftovers } from './docker-engine-test-utils.js';
import { armToken, CLI_BIN, rawRequest, runCli, startEngineRun, type EngineRun } from './engine-io-test-utils.js';

const IMAGE = 'container-hook/busybox:local';
const API_VERSION = '2023-05-01';

/** The `debug` module the emulator and the backends log through (one copy in the workspace's store). */
interface DebugModule {
  enable(namespaces: string): void;
  disable(): string;
  log: (...args: unknown[]) => void;
}
const requireFromEmulator = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/aci-emulator/package.json'));
const debug = requireFromEmulator('debug') as DebugModule;

let run: EngineRun | undefined;
let tmp: string | undefined;
const debugLines: string[] = [];
const originalDebugLog = debug.log;
let spawnedEmulator: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  debug.log = (...args: unknown[]) => {
    debugLines.push(util.format(...args));
  };
  debug.enable('container-hook:*');
  run = await startEngineRun('secrets_engine');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'secrets-scan-'));
});

afterAll(async () => {
  spawnedEmulator?.kill('SIGTERM');
  await run?.stop();
  debug.disable();
  debug.log = originalDebugLog;
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface Scanned {
  source: string;
  text: string;
}

/** Every way a value could reach a user: its string, its JSON, and util.inspect of all of it. */
function renderings(value: unknown): string[] {
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'undefined';
  } catch (e) {
    json = `(JSON.stringify threw: ${String(e)})`;
  }
  return [String(value), json, util.inspect(value, { depth: null, showHidden: true, getters: true })];
}

async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

async function listAll(hook: ContainerGroupHook, rg: string): Promise<ContainerGroup[]> {
  const out: ContainerGroup[] = [];
  for await (const g of hook.list(rg)) out.push(g);
  return out;
}

describe('secret scan', () => {
  it('no secret appears in any hook result, error, HTTP answer, CLI output or debug log', async () => {
    const { docker, aci, emulator, runId } = run!;
    const rg = `secrets-${runId}`;
    const texts: Scanned[] = [];
    const add = (source: string, value: unknown) => {
      for (const [i, text] of renderings(value).entries()) texts.push({ source: `${source}#${i}`, text });
    };

    const envSecret = `env-secret-${randomBytes(12).toString('hex')}`;
    const volSecret = `vol-secret-${randomBytes(12).toString('hex')}`;
    const regPassword = `reg-password-${randomBytes(12).toString('hex')}`;
    const { token: accessToken } = await armToken(run!);
    const secrets: Record<string, string> = {
      'secureValue env var': envSecret,
      'secret volume (plain)': volSecret,
      'secret volume (base64)': Buffer.from(volSecret).toString('base64'),
      'registry password': regPassword,
      "emulator's client secret": emulator.identity.clientSecret,
      'access token': accessToken,
      'access token signature': accessToken.split('.')[2] ?? accessToken,
      'managed-identity header': emulator.identity.managedIdentityHeader,
    };

    const secretGroup = (container: string): ContainerGroup => ({
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [
        {
          name: container,
          image: IMAGE,
          // Prints lengths only, never the values.
          command: ['sh', '-c', 'echo "env=${#SECRET_TOKEN} file=$(wc -c < /mnt/secrets/token.txt)"; sleep 30'],
          resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
          environmentVariables: [
            { name: 'SECRET_TOKEN', secureValue: envSecret },
            { name: 'PLAIN', value: 'visible' },
          ],
          volumeMounts: [{ name: 'secret-files', mountPath: '/mnt/secrets', readOnly: true }],
        },
      ],
      volumes: [{ name: 'secret-files', secret: { 'token.txt': Buffer.from(volSecret).toString('base64') } }],
    });
    const pullGroup = (container: string): ContainerGroup => ({
      osType: 'Linux',
      restartPolicy: 'Never',
      containers: [{ name: container, image: '127.0.0.1:1/private/app:1', command: ['true'], resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } } }],
      imageRegistryCredentials: [{ server: '127.0.0.1:1', username: 'reg-user', password: regPassword }],
    });
    const invalidGroup = (): ContainerGroup => {
      const g = secretGroup('Bad_Name');
      g.containers[0]!.resources.requests.cpu = 0;
      return { ...g, imageRegistryCredentials: [{ server: '127.0.0.1:1', username: 'reg-user', password: regPassword }] };
    };

    // The hooks: a running group with secrets, a failed pull with registry credentials, a refused bad input.
    const names = { docker: `sec-docker-${runId}`, aci: `sec-aci-${runId}` };
    for (const [backend, hook] of [
      ['docker', docker],
      ['aci', aci],
    ] as Array<['docker' | 'aci', ContainerGroupHook]>) {
      const name = names[backend];
      add(`${backend} createOrUpdate`, await hook.createOrUpdate(rg, name, secretGroup('main'), { wait: true }));
      // Wait until it printed its line (it then sleeps).
      for (let i = 0; i < 100 && !(await hook.getLogs(rg, name, 10)).join('').includes('env='); i++) await new Promise((r) => setTimeout(r, 100));
      const logs = await hook.getLogs(rg, name, 100);
      expect(logs.join(''), `${backend}: the container saw the secrets`).toContain(`env=${envSecret.length} file=${volSecret.length}`);
      add(`${backend} getLogs`, logs);
      add(`${backend} getState`, await hook.getState(rg, name));
      add(`${backend} list`, await listAll(hook, rg));
      add(`${backend} getMessages`, await hook.getMessages(rg, name));
      add(`${backend} getStateExitCodeDetails`, await hook.getStateExitCodeDetails(rg, name));

      const pullName = `${name}-pull`;
      let pulled: unknown;
      try {
        pulled = await hook.createOrUpdate(rg, pullName, pullGroup('app'), { wait: true });
        add(`${backend} failed pull result`, pulled);
        add(`${backend} failed pull getState`, await hook.getState(rg, pullName));
        add(`${backend} failed pull getMessages`, await hook.getMessages(rg, pullName));
      } catch (e) {
        add(`${backend} failed pull error`, e);
      }
      add(`${backend} list with the failed pull`, await listAll(hook, rg));
      add(`${backend} invalid input error`, await rejection(() => hook.createOrUpdate(rg, 'Bad_Name', invalidGroup(), { wait: true })));
    }

    // The emulator's raw HTTP API: what a REST client (az, Python's SDK) reads.
    const sub = emulator.identity.subscriptionId;
    const base = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerInstance/containerGroups`;
    for (const [what, p] of [
      ['GET group', `${base}/${names.aci}?api-version=${API_VERSION}`],
      ['GET failed pull group', `${base}/${names.aci}-pull?api-version=${API_VERSION}`],
      ['list', `${base}?api-version=${API_VERSION}`],
      ['logs', `${base}/${names.aci}/containers/main/logs?api-version=${API_VERSION}`],
    ] as const) {
      const res = await rawRequest(run!, 'GET', p, { token: accessToken });
      texts.push({ source: `HTTP ${what}`, text: `${res.status} ${JSON.stringify(res.headers)} ${res.text}` });
    }
    // A bad token and a bad managed-identity header: the refusals must not echo what was sent.
    for (const [what, res] of [
      ['bad bearer token', await rawRequest(run!, 'GET', `${base}?api-version=${API_VERSION}`, { token: `${accessToken}x` })],
      ['managed identity, wrong header', await rawRequest(run!, 'GET', `/msi/token?resource=${encodeURIComponent(emulator.url)}&api-version=2019-08-01`, { headers: { 'X-IDENTITY-HEADER': `${emulator.identity.managedIdentityHeader}x` } })],
      [
        'wrong client secret',
        await rawRequest(run!, 'POST', `/${emulator.identity.tenantId}/oauth2/v2.0/token`, {
          form: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.identity.clientId, client_secret: `${emulator.identity.clientSecret}x`, scope: `${emulator.url}/.default` }),
        }),
      ],
    ] as const) {
      texts.push({ source: `HTTP ${what}`, text: `${res.status} ${JSON.stringify(res.headers)} ${res.text}` });
    }
    // A managed-identity token: its answer is the token (allowed); the header must not show up anywhere else.
    const mi = await rawRequest(run!, 'GET', `/msi/token?resource=${encodeURIComponent(emulator.url)}&api-version=2019-08-01`, { headers: { 'X-IDENTITY-HEADER': emulator.identity.managedIdentityHeader } });
    expect(mi.status).toBe(200);
    const miToken = (mi.body as { access_token?: string }).access_token ?? '';
    secrets['managed-identity token'] = miToken;

    // The CLI, through the emulator's connection (AIRFLOW_CONN_…), its debug log on stderr.
    const conn = JSON.stringify(emulator.connection);
    // SECRET_TOKEN: what `run --secure-env SECRET_TOKEN` reads (the user's environment, not argv).
    const cliEnv = { AIRFLOW_CONN_ACI_SECRETS: conn, DEBUG: 'container-hook:*', SECRET_TOKEN: envSecret };
    const invalidFile = path.join(tmp!, 'invalid.json');
    await writeFile(invalidFile, JSON.stringify(invalidGroup()));
    const pullFile = path.join(tmp!, 'pull.json');
    await writeFile(pullFile, JSON.stringify(pullGroup('app')));
    const cliRuns: string[][] = [
      ['state', names.aci],
      ['--json', 'state', names.aci],
      ['list'],
      ['--json', 'list'],
      ['logs', names.aci],
      ['messages', `${names.aci}-pull`],
      ['--json', 'state', `${names.aci}-pull`],
      ['connections', 'list'],
      ['--json', 'connections', 'list'],
      ['connections', 'get', 'aci_secrets'],
      ['--json', 'connections', 'get', 'aci_secrets'],
      ['test-connection'],
      ['--json', 'test-connection'],
      ['--verbose', 'state', 'no-such-group'],
      ['--json', 'state', 'no-such-group'],
      ['--verbose', 'create', '--file', invalidFile, '--name', `sec-cli-invalid-${runId}`],
      ['--json', '--verbose', 'create', '--file', invalidFile, '--name', `sec-cli-invalid-${runId}`],
      ['--verbose', 'create', '--file', pullFile, '--name', `sec-cli-pull-${runId}`, '--wait'],
      ['--json', '--verbose', 'state', `sec-cli-pull-${runId}`],
      ['--verbose', 'delete', `sec-cli-pull-${runId}`],
      ['--verbose', 'run', '--image', IMAGE, '--name', `sec-cli-run-${runId}`, '--secure-env', 'SECRET_TOKEN', '--', 'sh', '-c', 'echo len=${#SECRET_TOKEN}'],
      ['--verbose', 'run', '--file', pullFile, '--name', `sec-cli-run-pull-${runId}`],
      ['--json', '--verbose', 'run', '--file', invalidFile, '--name', `sec-cli-run-invalid-${runId}`],
    ];
    for (const args of cliRuns) {
      const r = await runCli(['--conn', 'aci_secrets', '-g', rg, ...args], cliEnv);
      texts.push({ source: `CLI ${args.join(' ')} stdout`, text: r.stdout }, { source: `CLI ${args.join(' ')} stderr`, text: r.stderr });
    }
    // A wrong secret in the connection: the authentication error, plain and --json.
    const wrong = JSON.stringify({ ...emulator.connection, password: `${emulator.identity.clientSecret}x` });
    for (const args of [['--verbose', 'test-connection'], ['--json', '--verbose', 'list']]) {
      const r = await runCli(['--conn', 'aci_wrong', '-g', rg, ...args], { AIRFLOW_CONN_ACI_WRONG: wrong, DEBUG: 'container-hook:*' });
      texts.push({ source: `CLI wrong secret ${args.join(' ')}`, text: r.stdout + r.stderr });
    }
    // Managed identity: a connection without a secret, the App Service pair in the environment.
    const { login: _login, password: _password, ...withoutSecret } = emulator.connection;
    const miEnv = {
      AIRFLOW_CONN_ACI_MI: JSON.stringify(withoutSecret),
      IDENTITY_ENDPOINT: `${emulator.url}/msi/token`,
      IDENTITY_HEADER: emulator.identity.managedIdentityHeader,
      NODE_EXTRA_CA_CERTS: emulator.caCertificatePath,
      DEBUG: 'container-hook:*',
    };
    for (const args of [['--verbose', 'test-connection'], ['--json', 'list'], ['connections', 'get', 'aci_mi']]) {
      const r = await runCli(['--conn', 'aci_mi', '-g', rg, ...args], miEnv);
      texts.push({ source: `CLI managed identity ${args.join(' ')}`, text: r.stdout + r.stderr });
    }

    // `container-hook emulator` itself, with DEBUG on: its stderr is scanned, its stdout (its own connection,
    // printed for the user) is not. A client's test-connection and list through it are scanned too.
    const stateDir = path.join(tmp!, 'cli-emulator');
    const child = spawn(process.execPath, [CLI_BIN, '--json', 'emulator', '--port', '0', '--state-dir', stateDir], {
      env: { ...process.env, DEBUG: 'container-hook:*' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    spawnedEmulator = child;
    let childOut = '';
    let childErr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (childOut += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (childErr += s));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 300; i++) {
      try {
        JSON.parse(childOut);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const printed = JSON.parse(childOut) as { connection: { password: string }; env: Record<string, string> };
    secrets["`container-hook emulator`'s client secret"] = printed.connection.password;
    secrets["`container-hook emulator`'s managed-identity header"] = printed.env.IDENTITY_HEADER ?? '(none)';
    const childConn = { AIRFLOW_CONN_ACI_CHILD: JSON.stringify(printed.connection), DEBUG: 'container-hook:*' };
    for (const args of [['--verbose', 'test-connection'], ['--json', 'list'], ['--json', '--verbose', 'create', '--file', invalidFile, '--name', `sec-child-${runId}`]]) {
      const r = await runCli(['--conn', 'aci_child', '-g', rg, ...args], childConn);
      texts.push({ source: `CLI (spawned emulator) ${args.join(' ')}`, text: r.stdout + r.stderr });
    }
    child.kill('SIGTERM');
    expect(await exited, '`container-hook emulator` exits 0 on SIGTERM').toBe(0);
    spawnedEmulator = undefined;
    texts.push({ source: '`container-hook emulator` stderr (DEBUG=container-hook:*)', text: childErr });
    expect(childOut, 'the excluded output does hold the secret: the user asked for it').toContain(printed.connection.password);

    // Clean up the groups, then the in-process debug log (the emulator's and the backends').
    for (const name of [names.docker, `${names.docker}-pull`]) await docker.delete(rg, name);
    for (const name of [names.aci, `${names.aci}-pull`]) await aci.delete(rg, name);
    expect(debugLines.length, 'the debug log was captured').toBeGreaterThan(0);
    texts.push({ source: 'in-process debug log (container-hook:*)', text: debugLines.join('\n') });

    // SECRETS_SCAN_DUMP=<file>: writes every scanned text, to review what the scan covers.
    if (process.env.SECRETS_SCAN_DUMP) await writeFile(process.env.SECRETS_SCAN_DUMP, JSON.stringify({ texts, debugLines: debugLines.length }, null, 1));
    // The scan.
    const found: string[] = [];
    let occurrences = 0;
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret.length, `${what}: a secret to look for`).toBeGreaterThan(8);
      for (const { source, text } of texts) {
        const n = text.split(secret).length - 1;
        if (n > 0) {
          occurrences += n;
          found.push(`${what} ×${n} in ${source}`);
        }
      }
    }
    console.log(`secret occurrences: ${occurrences} in ${texts.length} texts scanned (${Object.keys(secrets).length} secrets; excluded: \`container-hook emulator\`'s stdout, which prints its own connection on purpose, and the token endpoints' answers)`);
    expect(found, found.join('\n')).toEqual([]);

    expect(await dockerLeftovers(docker, run!.runLabel), 'no leftovers of this run').toEqual([]);
  });
});
