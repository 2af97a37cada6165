// aci-exists: AciContainerGroupHook.exists (one GET, 404 → false) on a resource group of 2,000 container groups,
// against Airflow's old exists (≤ 2026-03, before #63567): iterate listByResourceGroup until the name is found.
// Both through the official SDK to the ACI emulator, whose groups live IN MEMORY (InMemoryContainerGroupHook):
// what is measured is the ARM/SDK path (HTTPS, paging, JSON), not Docker. Requests counted with a pipeline
// policy on the SDK client; latency per call; interleaved pairs, median of paired ratios.
import { countRequests, createTrivialGroups, formatKinds, startBenchEmulator } from '#bench/aci-util';
import { InMemoryContainerGroupHook } from '#bench/memory-hook';
import { checkStop, cleanup, mainOf, median, nowMs, quantile, RESOURCE_GROUP, spread, type BenchResult } from '#bench/util';

const GROUPS = Number(process.env['BENCH_ACI_EXISTS_GROUPS'] ?? 2000);
const N = Number(process.env['BENCH_ACI_EXISTS_N'] ?? 15);
const PAGE_SIZE = Number(process.env['BENCH_ACI_EXISTS_PAGE_SIZE'] ?? 100);
const CREATE_CONCURRENCY = 16;
const VERBOSE = process.env['BENCH_VERBOSE'] === '1';

const small = (r: number) => `${r.toPrecision(2)}×`;



interface Sample {
  ms: number;
  requests: number;
}

export async function run(): Promise<BenchResult> {
  const memory = new InMemoryContainerGroupHook();
  const emu = await startBenchEmulator(memory, { pageSize: PAGE_SIZE });
  let removed = false;
  try {
    const hook = emu.newHook('bench_aci_exists', { maxRetries: 0 });
    const counter = await countRequests(hook);
    const client = await hook.getConn();

    // The resource group: GROUPS groups, created through the emulator (one PUT each, not waited for).
    const c0 = nowMs();
    const r0 = counter.total;
    const names = await createTrivialGroups(hook, GROUPS, CREATE_CONCURRENCY);
    const c1 = nowMs();
    const createMs = c1 - c0;
    const createRequests = counter.total - r0;
    if (memory.size !== GROUPS) throw new Error(`the emulator's hook holds ${memory.size} groups, not ${GROUPS}`);

    // Airflow ≤ 2026-03: `for cg in list_by_resource_group(rg): if cg.name == name: return True`.
    const scanExists = async (name: string): Promise<boolean> => {
      for await (const cg of client.containerGroups.listByResourceGroup(RESOURCE_GROUP)) if (cg.name === name) return true;
      return false;
    };
    // The list order (the emulator lists by name): the late name is on the last page.
    const listed: string[] = [];
    for await (const cg of client.containerGroups.listByResourceGroup(RESOURCE_GROUP)) listed.push(cg.name!);
    if (listed.length !== GROUPS) throw new Error(`listed ${listed.length} groups, not ${GROUPS}`);
    const late = listed[listed.length - 10]!;
    const latePosition = listed.length - 9;
    const missing = 'g-missing';

    const measure = async (fn: () => Promise<boolean>, expected: boolean): Promise<Sample> => {
      checkStop();
      const before = counter.total;
      const t = nowMs();
      const got = await fn();
      const ms = nowMs() - t;
      if (got !== expected) throw new Error(`exists answered ${got}, expected ${expected}`);
      return { ms, requests: counter.total - before };
    };
    // Warm-up: token, TLS connections, JIT.
    for (let i = 0; i < 2; i++) {
      await measure(() => hook.exists(RESOURCE_GROUP, late), true);
      await measure(() => scanExists(late), true);
    }

    const cases = [
      { label: 'found (late)', name: late, expected: true },
      { label: 'missing', name: missing, expected: false },
    ];
    const samples = cases.map(() => ({ hook: [] as Sample[], scan: [] as Sample[], ratios: [] as number[] }));
    for (let i = 0; i < N; i++) {
      for (const [ci, c] of cases.entries()) {
        const s = samples[ci]!;
        const a = () => measure(() => hook.exists(RESOURCE_GROUP, c.name), c.expected);
        const b = () => measure(() => scanExists(c.name), c.expected);
        let h: Sample;
        let sc: Sample;
        if (i % 2 === 0) {
          h = await a();
          sc = await b();
        } else {
          sc = await b();
          h = await a();
        }
        s.hook.push(h);
        s.scan.push(sc);
        s.ratios.push(h.ms / sc.ms);
        if (VERBOSE) console.log(`   ${c.label} #${i}: exists ${h.ms.toFixed(1)} ms (${h.requests} req), scan ${sc.ms.toFixed(1)} ms (${sc.requests} req)`);
      }
    }

    await emu.stop(); // deletes every group through the in-memory hook
    removed = true;
    const leftInMemory = memory.size;
    const left = (await cleanup()) + leftInMemory;

    const reqs = (xs: Sample[]) => {
      const r = [...new Set(xs.map((x) => x.requests))].sort((p, q) => p - q);
      return r.length === 1 ? `${r[0]}` : r.join('/');
    };
    const ms = (xs: Sample[]) => xs.map((x) => x.ms);
    const [found, miss] = samples as [(typeof samples)[0], (typeof samples)[0]];
    const oneRequest = [...found.hook, ...miss.hook].every((x) => x.requests === 1);
    const pages = Math.ceil(GROUPS / PAGE_SIZE);
    const fmtMs = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
    return {
      name: 'aci-exists',
      what: `exists on a resource group of ${GROUPS} groups (emulator, groups in memory; ARM/SDK path only): one GET vs Airflow's listByResourceGroup scan, ${N} interleaved pairs per case`,
      hook: `found ${fmtMs(median(ms(found.hook)))} ms / missing ${fmtMs(median(ms(miss.hook)))} ms, ${reqs(found.hook)} / ${reqs(miss.hook)} request(s)`,
      baseline: `scan: found ${fmtMs(median(ms(found.scan)))} ms / missing ${fmtMs(median(ms(miss.scan)))} ms, ${reqs(found.scan)} / ${reqs(miss.scan)} requests`,
      ratio: `${small(median(found.ratios))} / ${small(median(miss.ratios))}`,
      goal: '1 request per call, whatever the group count',
      pass: oneRequest,
      notes: [
        `groups in memory behind the emulator (InMemoryContainerGroupHook): HTTPS, ARM paging and the SDK are measured, not Docker; page size ${PAGE_SIZE} → ${pages} pages`,
        `found case: "${late}", position ${latePosition} of ${GROUPS} in the list (page ${Math.ceil(latePosition / PAGE_SIZE)} of ${pages}); missing case: "${missing}"`,
        `exists (found): ${spread(ms(found.hook), 'ms', 1)}; requests ${reqs(found.hook)}`,
        `exists (missing): ${spread(ms(miss.hook), 'ms', 1)}; requests ${reqs(miss.hook)} (a 404)`,
        `scan (found): ${spread(ms(found.scan))}; requests ${reqs(found.scan)}`,
        `scan (missing): ${spread(ms(miss.scan))}; requests ${reqs(miss.scan)}`,
        `ratio exists/scan, median of pairs [IQR]: found ${small(median(found.ratios))} [${quantile(found.ratios, 0.25).toFixed(4)}–${quantile(found.ratios, 0.75).toFixed(4)}], missing ${small(median(miss.ratios))} [${quantile(miss.ratios, 0.25).toFixed(4)}–${quantile(miss.ratios, 0.75).toFixed(4)}]; scan is ${(1 / median(found.ratios)).toFixed(0)}× / ${(1 / median(miss.ratios)).toFixed(0)}× slower`,
        `setup: ${GROUPS} groups created through the emulator in ${(createMs / 1000).toFixed(1)} s (${CREATE_CONCURRENCY} at a time, ${createRequests} requests: ${formatKinds(counter.kindsBetween(c0, c1))})`,
        `after the emulator stopped: ${leftInMemory} groups left in memory`,
      ],
      leftovers: left,
    };
  } finally {
    if (!removed) await emu.stop().catch((e: unknown) => console.error('emulator stop failed', e));
  }
}

if (import.meta.main) await mainOf(run);
