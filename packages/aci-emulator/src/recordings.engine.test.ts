/**
 * Replays real recorded ARM sessions (the official JS SDK's own tests against Azure, in
 * `../shared/aci-recordings/<sdk>_<api-version>/`) against the emulator, request by request, in the order the
 * SDK's tests run them (create, get, list, delete), and compares each answer with the recorded one: the status
 * code per kind of request, and the shape of the body — every key of the recorded body, recursively, must be in
 * ours, bar an explicit allow-list of what a local run cannot have. Polls of the recorded operation URL follow
 * the emulator's own `Azure-AsyncOperation` instead.
 *
 * The recordings are read from SHARED_DIR at run time, never copied into the repository.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armToken, BUSYBOX, rawRequest, startTestEmulator, type TestEmulator } from './emulator-test-utils.js';
import { assertExampleFieldsPresent, createSpecValidator, SHARED_DIR } from './spec-schema-test-utils.js';

interface RecordedEntry {
  RequestUri: string;
  RequestMethod: string;
  RequestBody: unknown;
  RequestHeaders?: Record<string, string>;
  StatusCode: number;
  ResponseHeaders: Record<string, string>;
  ResponseBody: unknown;
}

const RECORDINGS_DIR = join(SHARED_DIR, 'aci-recordings');
/** The order the SDK's test file runs its tests in (each recording is one test). */
const TEST_ORDER = ['create', 'get', 'list', 'delete'];

const sessions = readdirSync(RECORDINGS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const files = readdirSync(join(RECORDINGS_DIR, d.name)).filter((f) => f.endsWith('.json'));
    const rank = (f: string) => {
      const i = TEST_ORDER.findIndex((kind) => f.includes(`_${kind}_`));
      return i === -1 ? TEST_ORDER.length : i;
    };
    files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return {
      dir: d.name,
      recordings: files.map((file) => ({ file, entries: (JSON.parse(readFileSync(join(RECORDINGS_DIR, d.name, file), 'utf8')) as { Entries: RecordedEntry[] }).Entries })),
    };
  });

/** The images the recordings run, as the local busybox (`CMD ["sh"]`: it exits at once). */
const IMAGES = [...new Set(JSON.stringify(sessions).match(/\\?"image\\?":\\?"[^"\\]+/g)?.map((m) => m.replace(/^.*"/, '')) ?? [])];
const imageMap = Object.fromEntries(IMAGES.map((image) => [image, BUSYBOX]));

/**
 * Recorded paths our answer may lack, each with the reason (paths as assertExampleFieldsPresent reports them).
 * `nginx` serves forever in Azure; the local busybox exits at once, so the local container is Terminated where
 * the recorded one was Running: a terminated state has more keys, not fewer, so nothing is needed for that.
 */
const ALLOWED_MISSING: Record<string, string> = {
  'properties.containers[0].properties.configMap':
    'configMap is a preview property (2024-05-01-preview) ACI echoes as an empty map; the emulator returns the definition as sent, which has none',
};

type Kind = 'put' | 'poll' | 'get' | 'list' | 'delete';

function kindOf(entry: RecordedEntry): Kind {
  const path = new URL(entry.RequestUri).pathname;
  if (entry.RequestMethod === 'PUT') return 'put';
  if (entry.RequestMethod === 'DELETE') return 'delete';
  if (/\/operations\/[^/]+$/i.test(path)) return 'poll';
  if (/\/containerGroups$/i.test(path)) return 'list';
  return 'get';
}

let t: TestEmulator;
let token: string;
const validator = createSpecValidator();
let replayed = 0;
let matched = 0;
const mismatches: string[] = [];

beforeAll(async () => {
  t = await startTestEmulator({ imageMap });
  token = await armToken(t);
});

afterAll(async () => {
  console.log(`recordings: ${replayed} requests replayed, ${matched} matched`);
  for (const m of mismatches) console.log(`  mismatch: ${m}`);
  await t?.stop();
  expect(await t.leftovers()).toEqual([]);
});

type Json = Record<string, unknown>;
const TERMINAL = ['Succeeded', 'Failed', 'Canceled'];

/** The missing recorded paths that are not allow-listed. */
function unexplainedMissing(recorded: unknown, ours: unknown): string[] {
  const missing = assertExampleFieldsPresent(recorded, ours);
  for (const path of missing) if (path in ALLOWED_MISSING) allowanceUsed.add(path);
  return missing.filter((path) => !(path in ALLOWED_MISSING));
}
const allowanceUsed = new Set<string>();

describe('recorded ARM sessions replayed against the emulator', () => {
  it('has recordings to replay', () => {
    expect(sessions.length).toBeGreaterThan(0);
    expect(IMAGES).toContain('nginx');
  });

  // Sessions run one after another: each uses the same resource group and group name, as recorded.
  describe.each(sessions)('$dir', ({ dir, recordings }) => {
    // The recording's subscription (`azure_subscription_id`) becomes a fresh one per session: the emulator
    // serves any, and the lists of a session show only what it made.
    const subscriptionId = randomUUID();
    /** The emulator's own operation URL of the last PUT, followed instead of the recorded one. */
    let operationUrl: string | undefined;

    it.each(recordings)('$file', async ({ file, entries }) => {
      for (const [index, entry] of entries.entries()) {
        const where = `${dir}/${file}#${index} ${entry.RequestMethod} ${kindOf(entry)}`;
        replayed++;
        const problems = await replay(entry, kindOf(entry), entries[index + 1]);
        if (problems.length === 0) matched++;
        else mismatches.push(`${where}: ${problems.join('; ')}`);
        expect(problems, where).toEqual([]);
      }
    });

    /** Sends one recorded request (mapped to the emulator) and returns what differs from the recording. */
    async function replay(entry: RecordedEntry, kind: Kind, next: RecordedEntry | undefined): Promise<string[]> {
      const problems: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(what);
      };
      const recorded = new URL(entry.RequestUri);
      let url: string;
      if (kind === 'poll') {
        if (!operationUrl) return ['a poll without a PUT before it'];
        url = operationUrl;
      } else {
        // Any recorded host (management.azure.com, the sanitized one) becomes the emulator.
        url = `${recorded.pathname.replace(/^\/subscriptions\/[^/]+/i, `/subscriptions/${subscriptionId}`)}${recorded.search}`;
      }

      // Sent as the recorded client: its User-Agent says it is the JS SDK (the emulator sends that client no Retry-After).
      const userAgent = { 'User-Agent': entry.RequestHeaders?.['User-Agent'] ?? 'azsdk-js-arm-containerinstance/9.1.0' };
      let res = await rawRequest(t, entry.RequestMethod, url, { token, headers: userAgent, ...(entry.RequestBody != null ? { body: entry.RequestBody } : {}) });
      const body = res.body as Json | undefined;
      check(res.status === entry.StatusCode, `status ${res.status}, recorded ${entry.StatusCode}`);

      switch (kind) {
        case 'put': {
          check(res.status === 201, `PUT answered ${res.status}, not 201`);
          const header = res.headers['azure-asyncoperation'];
          let absolute = false;
          try {
            absolute = typeof header === 'string' && new URL(header).origin === new URL(t.emulator.url).origin;
          } catch {
            absolute = false;
          }
          check(absolute, `Azure-AsyncOperation ${String(header)} is not an absolute URL of the emulator`);
          if (typeof header === 'string') operationUrl = header;
          check(validator.validate('ContainerGroup', body).valid, `PUT body against the spec: ${validator.validate('ContainerGroup', body).errors.join(', ')}`);
          break;
        }
        case 'poll': {
          // The recorded session polled until its last poll was terminal; ours is followed the same way: an
          // intermediate recorded poll is matched by one of ours (any string status), the last one by ours
          // once terminal, with the same status.
          const recordedStatus = (entry.ResponseBody as Json).status as string;
          const lastPoll = next === undefined || kindOf(next) !== 'poll';
          if (lastPoll) {
            for (let i = 0; i < 600 && !TERMINAL.includes((res.body as Json).status as string); i++) {
              await new Promise((r) => setTimeout(r, 50));
              res = await rawRequest(t, 'GET', url, { token, headers: userAgent });
            }
            check((res.body as Json).status === recordedStatus, `final status ${String((res.body as Json).status)} (${JSON.stringify((res.body as Json).error ?? null)}), recorded ${recordedStatus}`);
          }
          check(res.status === 200, `poll answered ${res.status}`);
          const status = (res.body as Json).status;
          check(typeof status === 'string' && status !== '', `poll status ${JSON.stringify(status)} is not a string`);
          check(res.headers['retry-after'] === undefined, 'a poll carries Retry-After');
          break;
        }
        case 'get':
          check(res.status === 200, `GET answered ${res.status}`);
          check(validator.validate('ContainerGroup', body).valid, `GET body against the spec: ${validator.validate('ContainerGroup', body).errors.join(', ')}`);
          break;
        case 'list':
          check(res.status === 200 && Array.isArray(body?.value), `list answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
          check(validator.validate('ContainerGroupListResult', body).valid, `list body against the spec: ${validator.validate('ContainerGroupListResult', body).errors.join(', ')}`);
          check(
            ((body?.value as unknown[]) ?? []).length === ((entry.ResponseBody as { value: unknown[] }).value ?? []).length,
            `the list has ${(body?.value as unknown[] | undefined)?.length} groups, recorded ${(entry.ResponseBody as { value: unknown[] }).value.length}`,
          );
          break;
        case 'delete':
          check(res.status === 200, `DELETE answered ${res.status}`);
          check(typeof body?.id === 'string' && typeof body?.properties === 'object', 'DELETE answered no group body');
          check(validator.validate('ContainerGroup', body).valid, `DELETE body against the spec: ${validator.validate('ContainerGroup', body).errors.join(', ')}`);
          break;
      }

      const missing = unexplainedMissing(entry.ResponseBody, res.body);
      if (missing.length > 0) problems.push(`keys of the recorded body missing from ours: ${missing.join(', ')}`);
      return problems;
    }
  });

  it('needed every allow-listed key (a stale entry hides nothing and must go)', () => {
    expect(Object.keys(ALLOWED_MISSING).filter((path) => !allowanceUsed.has(path))).toEqual([]);
  });
});
