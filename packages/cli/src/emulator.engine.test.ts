/**
 * `container-hook emulator` as a user runs it: the built binary, spawned, serving HTTPS with the CA it
 * printed, and stopped with Ctrl-C (SIGINT) after which it exits 0.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, startCli, waitFor, type RunningCli } from './spawn-test-utils.js';

/** GETs `url` over HTTPS trusting only `ca`, and parses the JSON body. */
function getJson(url: string, ca: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (s: string) => (text += s));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch (e) {
          reject(new Error(`${url} answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { cause: e }));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

let stateDir: string;
let running: RunningCli | undefined;
beforeAll(async () => {
  assertBuilt();
  stateDir = await mkdtemp(join(tmpdir(), 'cli-emulator-engine-'));
});
afterAll(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  await rm(stateDir, { recursive: true, force: true });
});

describe('container-hook emulator (built binary)', () => {
  it('serves HTTPS with the printed CA, and Ctrl-C stops it cleanly (exit 0)', async () => {
    const cli = startCli(['emulator', '--port', '0', '--state-dir', stateDir]);
    running = cli;
    const exited = cli.done.then((r) => r);
    await waitFor(
      () => {
        if (cli.child.exitCode !== null) throw new Error(`the emulator exited early (${cli.child.exitCode}): ${cli.stdout}${cli.stderr}`);
        return /^url:\s+https:\/\/\S+$/m.test(cli.stdout) && cli.stderr.includes('serving on');
      },
      'the emulator to print its URL',
      60_000,
    );
    const url = /^url:\s+(https:\/\/\S+)$/m.exec(cli.stdout)![1]!;
    const caPath = /^ca certificate:\s+(\S.*)$/m.exec(cli.stdout)![1]!;
    const tenant = /^export AZURE_TENANT_ID='([^']+)'$/m.exec(cli.stdout)![1]!;
    expect(caPath).toBe(join(stateDir, 'ca.pem'));

    const ca = await readFile(caPath, 'utf8');
    const { status, body } = await getJson(`${url}/${tenant}/v2.0/.well-known/openid-configuration`, ca);
    expect(status).toBe(200);
    expect(body).toMatchObject({ issuer: expect.stringContaining(tenant), token_endpoint: expect.stringMatching(new RegExp(`^${url}/`)) });

    cli.child.kill('SIGINT');
    const r = await exited;
    expect(r.stderr).not.toMatch(/\((InternalError|Usage|Aborted)\)/);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/container-hook: ACI emulator stopped\n$/);
    // The server is gone: the port no longer answers.
    await expect(getJson(`${url}/${tenant}/v2.0/.well-known/openid-configuration`, ca)).rejects.toThrow();
  });
});
