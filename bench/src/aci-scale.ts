// aci-scale: do the emulator's reads stay fast as groups grow? GET of one group and the first page of the resource
// group's list (page size 100), loaded with autocannon for a fixed duration at 10 and at 2,000 groups: p50, p99 and
// requests/s; goal p99(2,000) / p99(10) ≤ 1.5 for each route. The groups live IN MEMORY (InMemoryContainerGroupHook)
// behind the emulator, so what is measured is the emulator's ARM path (HTTPS, token check, routing, store, bodies,
// JSON), not Docker. Each size has its own emulator (the store lists across every group it holds); the sizes are
// run interleaved (A B, B A, …) and the medians taken. autocannon runs in a worker thread, not on the emulator's
// event loop.
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { Worker } from 'node:worker_threads';
import { benchGroupName, createTrivialGroups, startBenchEmulator, type BenchEmulator } from '#bench/aci-util';
import type { LoadJob, LoadResult } from '#bench/aci-scale-load';
import { InMemoryContainerGroupHook } from '#bench/memory-hook';
import { checkStop, cleanup, mainOf, median, nowMs, RESOURCE_GROUP, stopController, type BenchResult } from '#bench/util';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SMALL = env('BENCH_ACI_SCALE_SMALL', 10);
const LARGE = env('BENCH_ACI_SCALE_LARGE', 2000);
/** A third size for the list only: a full first page (as at LARGE) without a second page; 0 leaves it out. */
const CONTROL = env('BENCH_ACI_SCALE_CONTROL', 100);
const ROUNDS = env('BENCH_ACI_SCALE_ROUNDS', 4);
const SECONDS = env('BENCH_ACI_SCALE_SECONDS', 10);
const WARMUP_SECONDS = env('BENCH_ACI_SCALE_WARMUP_SECONDS', 3);
const CONNECTIONS = env('BENCH_ACI_SCALE_CONNECTIONS', 10);
const PAGE_SIZE = 100;
const GOAL = 1.5;
const CREATE_CONCURRENCY = 16;
const VERBOSE = process.env['BENCH_VERBOSE'] === '1';

/** The group every GET reads: it exists at every size. */
const GET_INDEX = 5;
const GET_NAME = benchGroupName(GET_INDEX);



/** One GET with the emulator's CA trusted (unlike autocannon, which does not verify): status and parsed body. */
function getJson(url: string, authorization: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ca, headers: { authorization, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One autocannon run in a worker thread; on SIGINT/SIGTERM the worker is terminated, so that the emulators stop at once. */
function runLoad(job: LoadJob): Promise<LoadResult> {
  checkStop();
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./aci-scale-load.ts', import.meta.url), { workerData: job });
    const onStop = () => void worker.terminate();
    stopController.signal.addEventListener('abort', onStop, { once: true });
    let result: LoadResult | undefined;
    worker.once('message', (m: LoadResult) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      stopController.signal.removeEventListener('abort', onStop);
      if (result) resolve(result);
      else reject(stopController.signal.aborted ? stopController.signal.reason : new Error(`the load worker exited with ${code} and no result`));
    });
  });
}

type Route = 'GET' | 'list';
interface Size {
  groups: number;
  memory: InMemoryContainerGroupHook;
  emu: BenchEmulator;
  urls: Record<Route, string>;
  authorization: string;
  ca: string;
  createMs: number;
}

/** Starts an emulator of `groups` groups; it is added to `started` at once, so that a failure later still stops it. */
async function startSize(groups: number, apiVersionOf: (emu: BenchEmulator) => Promise<string>, started: Size[]): Promise<void> {
  const memory = new InMemoryContainerGroupHook();
  const emu = await startBenchEmulator(memory, { pageSize: PAGE_SIZE });
  const size: Size = { groups, memory, emu, urls: { GET: '', list: '' }, authorization: '', ca: '', createMs: 0 };
  started.push(size);
  // Created through the emulator's PUT (the SDK's createOrUpdate without wait: PUT, one operation poll, GET).
  const hook = emu.newHook(`bench_aci_scale_${groups}`, { maxRetries: 0 });
  const t = nowMs();
  await createTrivialGroups(hook, groups, CREATE_CONCURRENCY);
  size.createMs = nowMs() - t;
  if (memory.size !== groups) throw new Error(`the emulator's hook holds ${memory.size} groups, not ${groups}`);

  const { url, identity, caCertificatePath } = emu.emulator;
  const apiVersion = await apiVersionOf(emu);
  const { accessToken } = await emu.emulator.tokens.issueAccessToken({ audience: url, clientId: identity.clientId, tenantId: identity.tenantId });
  size.authorization = `Bearer ${accessToken}`;
  size.ca = await readFile(caCertificatePath, 'utf8');
  const base = `${url}/subscriptions/${identity.subscriptionId}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerInstance/containerGroups`;
  size.urls = { GET: `${base}/${GET_NAME}?api-version=${apiVersion}`, list: `${base}?api-version=${apiVersion}` };

  // What autocannon will load answers as expected (CA verified here): the group, and a first page.
  const got = await getJson(size.urls.GET, size.authorization, size.ca);
  if (got.status !== 200 || (got.body as { name?: string }).name !== GET_NAME) throw new Error(`GET ${GET_NAME} answered ${got.status}`);
  const listed = await getJson(size.urls.list, size.authorization, size.ca);
  const page = listed.body as { value?: unknown[]; nextLink?: string };
  const expected = Math.min(groups, PAGE_SIZE);
  if (listed.status !== 200 || page.value?.length !== expected || Boolean(page.nextLink) !== groups > PAGE_SIZE) {
    throw new Error(`list answered ${listed.status} with ${page.value?.length} items (nextLink ${page.nextLink ? 'set' : 'absent'}), expected ${expected}`);
  }
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const x = (r: number) => `${r.toFixed(2)}×`;

export async function run(): Promise<BenchResult> {
  const sizes: Size[] = [];
  let stopped = false;
  try {
    const counts = [SMALL, LARGE, ...(CONTROL > 0 ? [CONTROL] : [])];
    if (new Set(counts).size !== counts.length || counts.some((n) => !Number.isInteger(n) || n <= GET_INDEX)) throw new RangeError(`sizes must be distinct integers above ${GET_INDEX}: ${counts.join(', ')}`);
    const apiVersionOf = async (emu: BenchEmulator) => (await emu.newHook('bench_aci_scale_api').getConn()).apiVersion;
    for (const n of counts) await startSize(n, apiVersionOf, sizes);
    const [small, large] = sizes as [Size, Size];
    const control = sizes[2];
    const plan: Array<{ route: Route; sizes: Size[] }> = [
      { route: 'GET', sizes: [small, large] },
      { route: 'list', sizes: control ? [small, control, large] : [small, large] },
    ];
    const job = (s: Size, route: Route, seconds: number): LoadJob => ({ url: s.urls[route], authorization: s.authorization, ca: s.ca, connections: CONNECTIONS, durationSeconds: seconds });

    // Warm-up (not counted): JIT, TLS session setup, the emulator's caches if any.
    for (const { route, sizes: ss } of plan) for (const s of ss) await runLoad(job(s, route, WARMUP_SECONDS));

    const results = new Map<string, LoadResult[]>();
    const keyOf = (route: Route, s: Size) => `${route} ${s.groups}`;
    for (let round = 0; round < ROUNDS; round++) {
      for (const { route, sizes: ss } of plan) {
        for (const s of round % 2 === 0 ? ss : [...ss].reverse()) {
          checkStop();
          const r = await runLoad(job(s, route, SECONDS));
          if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new Error(`${keyOf(route, s)}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
          results.set(keyOf(route, s), [...(results.get(keyOf(route, s)) ?? []), r]);
          if (VERBOSE) console.log(`   round ${round} ${keyOf(route, s).padEnd(9)}: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, ${r.rps.toFixed(0)} req/s, ${r.ok} ok, ${r.meanBytes.toFixed(0)} B each`);
        }
      }
    }

    for (const s of sizes) await s.emu.stop(); // each deletes its groups through its in-memory hook
    stopped = true;
    const leftInMemory = sizes.reduce((a, s) => a + s.memory.size, 0);
    const left = (await cleanup()) + leftInMemory;

    const of = (route: Route, s: Size) => results.get(keyOf(route, s))!;
    const med = (route: Route, s: Size, f: (r: LoadResult) => number) => median(of(route, s).map(f));
    /** Median over rounds of the paired ratio large/small (same round). */
    const pairedRatio = (route: Route, a: Size, b: Size, f: (r: LoadResult) => number) => median(of(route, b).map((r, i) => f(r) / f(of(route, a)[i]!)));
    const p99Ratio = { GET: pairedRatio('GET', small, large, (r) => r.p99), list: pairedRatio('list', small, large, (r) => r.p99) };
    const rpsRatio = { GET: pairedRatio('GET', large, small, (r) => r.rps), list: pairedRatio('list', large, small, (r) => r.rps) };
    const pass = p99Ratio.GET <= GOAL && p99Ratio.list <= GOAL;
    const line = (route: Route, s: Size) =>
      `${route} at ${s.groups}: p50 ${fmt(med(route, s, (r) => r.p50))} ms, p99 ${fmt(med(route, s, (r) => r.p99))} ms, ${med(route, s, (r) => r.rps).toFixed(0)} req/s`;
    const perRound = (route: Route, s: Size) =>
      `${route} at ${s.groups}, per round: p99 ${of(route, s).map((r) => fmt(r.p99)).join(' / ')} ms; p50 ${of(route, s).map((r) => fmt(r.p50)).join(' / ')} ms; req/s ${of(route, s).map((r) => r.rps.toFixed(0)).join(' / ')}; max ${of(route, s).map((r) => fmt(r.max)).join(' / ')} ms; autocannon's own p99 ${of(route, s).map((r) => r.autocannonP99).join(' / ')} ms; ${Math.round(med(route, s, (r) => r.meanBytes))} bytes per response`;

    const notes = [
      `emulator on InMemoryContainerGroupHook (groups in a Map; the ARM path is measured, not Docker): one emulator per size (${sizes.map((s) => s.groups).join(', ')} groups), same process; page size ${PAGE_SIZE}`,
      `load: autocannon 9 in a worker thread, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds interleaved (A B, B A, …) after a ${WARMUP_SECONDS}-s warm-up of each; latencies of every 2xx response at full resolution (autocannon's own histogram is in whole ms); a bearer token from the emulator's token service`,
      `GET reads "${GET_NAME}" (exists at every size); list is the first page of GET …/resourceGroups/{rg}/…/containerGroups: ${Math.min(SMALL, PAGE_SIZE)} items at ${SMALL}, ${PAGE_SIZE} items + nextLink at ${LARGE}`,
      ...plan.flatMap(({ route, sizes: ss }) => ss.map((s) => perRound(route, s))),
      `p99 ratio ${LARGE}/${SMALL} (median of per-round ratios): GET ${x(p99Ratio.GET)}, list ${x(p99Ratio.list)}; throughput ratio ${SMALL}/${LARGE}: GET ${x(rpsRatio.GET)}, list ${x(rpsRatio.list)}`,
      ...(control
        ? [
            `list at ${control.groups} (one full page, no nextLink) as a control for the page's size: ${line('list', control)}; p99 ratio ${LARGE}/${control.groups}: ${x(pairedRatio('list', control, large, (r) => r.p99))}, throughput ratio ${control.groups}/${LARGE}: ${x(pairedRatio('list', large, control, (r) => r.rps))}`,
          ]
        : []),
      `setup: ${sizes.map((s) => `${s.groups} groups created through the emulator's PUT in ${(s.createMs / 1000).toFixed(1)} s`).join(', ')} (${CREATE_CONCURRENCY} at a time)`,
      `after the emulators stopped: ${leftInMemory} groups left in memory`,
    ];
    return {
      name: 'aci-scale',
      what: `emulator reads at ${SMALL} and ${LARGE} groups (in memory; ARM path only): GET of one group and the list's first page, autocannon ${CONNECTIONS} connections × ${SECONDS} s, ${ROUNDS} interleaved rounds, medians`,
      hook: `${line('GET', large)}; ${line('list', large)}`,
      baseline: `${line('GET', small)}; ${line('list', small)}`,
      ratio: `p99 GET ${x(p99Ratio.GET)} / list ${x(p99Ratio.list)}`,
      goal: `p99(${LARGE}) / p99(${SMALL}) ≤ ${GOAL} per route`,
      pass,
      notes,
      leftovers: left,
    };
  } finally {
    if (!stopped) for (const s of sizes) await s.emu.stop().catch((e: unknown) => console.error('emulator stop failed', e));
  }
}

if (import.meta.main) {
  await mainOf(async () => {
    const r = await run();
    if (!r.pass) process.exitCode = 1; // a missed goal fails the program (leftovers and errors do too)
    return r;
  });
}
