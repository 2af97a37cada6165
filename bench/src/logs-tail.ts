// logs-tail: getLogs(tail=1000) on a container that wrote 1,000,000 lines vs `docker logs --tail 1000` (the CLI,
// spawned), and the hook process's peak memory for that call on 10,000- vs 1,000,000-line logs.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import {
  cleanup,
  docker,
  fmtRatio,
  mainOf,
  makeHook,
  median,
  nowMs,
  oneContainerGroup,
  RESOURCE_GROUP,
  RUN_LABEL,
  RUN_ID,
  spread,
  waitTerminated,
  type BenchResult,
} from '#bench/util';

const N = Number(process.env['BENCH_LOGS_N'] ?? 15);
const MEMORY_REPEATS = Number(process.env['BENCH_LOGS_MEMORY_N'] ?? 5);
const TAIL = 1000;

/** `docker logs --tail 1000 <id>`, stdout and stderr collected as the CLI prints them. */
function dockerLogs(id: string): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn('docker', ['logs', '--tail', String(TAIL), id], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = nowMs() - t0;
      if (code !== 0) reject(new Error(`docker logs exited ${code}`));
      else resolve({ ms, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

async function memberId(name: string): Promise<string> {
  const [c] = await docker.listContainers({
    all: true,
    filters: { label: [`${RUN_LABEL}=${RUN_ID}`, 'container-hook.role=container', `container-hook.group=${name}`] },
  });
  if (!c) throw new Error(`no member container for ${name}`);
  return c.Id;
}

interface MemoryReport {
  lines: number;
  rssBeforeMiB: number;
  /** Peak RSS during the call (kernel high-water mark) minus RSS before it. */
  peakRssGrowthMiB: number;
  /** Highest heapUsed sampled every ms during the call, minus heapUsed before it (after gc). */
  peakHeapGrowthMiB: number;
}

/** Child mode: one getLogs(tail=1000) in a fresh process; prints the memory figures as JSON. */
async function measureMemoryChild(rg: string, name: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const hook = new DockerContainerGroupHook();
  // Warm the engine discovery and the module graph on a call that reads no log.
  await hook.exists(rg, name);
  gc();
  gc();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 1);
  const lines = await hook.getLogs(rg, name, TAIL);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  clearInterval(timer);
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  const mib = (b: number) => b / 1024 ** 2;
  const report: MemoryReport = {
    lines: lines.length,
    rssBeforeMiB: mib(before.rss),
    // maxRSS is the process's high-water mark: growth beyond max(before) is what the call added.
    peakRssGrowthMiB: mib(Math.max(0, maxRssAfter - Math.max(before.rss, maxRssBefore))),
    peakHeapGrowthMiB: mib(peakHeap - before.heapUsed),
  };
  console.log(JSON.stringify(report));
}

function memoryOf(name: string): MemoryReport {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', self, '--memory-child', RESOURCE_GROUP, name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as MemoryReport;
}

export async function run(): Promise<BenchResult> {
  const hook = makeHook();
  const big = 'lt-1m';
  const small = 'lt-10k';
  const t0 = nowMs();
  await hook.createOrUpdate(RESOURCE_GROUP, big, oneContainerGroup(big, ['seq', '1', '1000000']), { wait: true });
  await hook.createOrUpdate(RESOURCE_GROUP, small, oneContainerGroup(small, ['seq', '1', '10000']), { wait: true });
  // Waiting via followLogs would read the whole million lines; the exit is enough here.
  for (const n of [big, small]) await docker.getContainer(await memberId(n)).wait();
  await waitTerminated(hook, RESOURCE_GROUP, small);
  const setupMs = nowMs() - t0;
  const id = await memberId(big);

  // Correctness first: the hook's lines are the CLI's output, byte for byte.
  const lines = await hook.getLogs(RESOURCE_GROUP, big, TAIL);
  const cli = await dockerLogs(id);
  if (lines.length !== TAIL || lines.join('') !== cli.stdout || lines.at(-1) !== '1000000\n') {
    throw new Error(`getLogs(tail=${TAIL}) differs from docker logs --tail: ${lines.length} lines, last ${JSON.stringify(lines.at(-1))}`);
  }

  const hookMs: number[] = [];
  const cliMs: number[] = [];
  const rawMs: number[] = [];
  const pairRatios: number[] = [];
  const member = docker.getContainer(id);
  for (let i = 0; i < N; i++) {
    let h = 0;
    let c = 0;
    const timeHook = async () => {
      const s = nowMs();
      await hook.getLogs(RESOURCE_GROUP, big, TAIL);
      return nowMs() - s;
    };
    if (i % 2 === 0) {
      h = await timeHook();
      c = (await dockerLogs(id)).ms;
    } else {
      c = (await dockerLogs(id)).ms;
      h = await timeHook();
    }
    // Second reference: the same engine call from this process (no CLI start-up), for the hook's own overhead.
    const s = nowMs();
    await member.logs({ stdout: true, stderr: true, follow: false, tail: TAIL });
    rawMs.push(nowMs() - s);
    hookMs.push(h);
    cliMs.push(c);
    pairRatios.push(h / c);
  }

  const mem = (name: string) => {
    const reports = Array.from({ length: MEMORY_REPEATS }, () => memoryOf(name));
    return {
      rss: median(reports.map((r) => r.peakRssGrowthMiB)),
      heap: median(reports.map((r) => r.peakHeapGrowthMiB)),
      rssAll: reports.map((r) => r.peakRssGrowthMiB),
      heapAll: reports.map((r) => r.peakHeapGrowthMiB),
      base: median(reports.map((r) => r.rssBeforeMiB)),
    };
  };
  const memSmall = mem(small);
  const memBig = mem(big);
  const f = (x: number) => x.toFixed(1);
  const ratio = median(pairRatios);
  await hook.delete(RESOURCE_GROUP, big);
  await hook.delete(RESOURCE_GROUP, small);
  const left = await cleanup();
  return {
    name: 'logs-tail',
    what: `getLogs(tail=${TAIL}) on a 1,000,000-line log vs \`docker logs --tail ${TAIL}\` (spawned CLI), ${N} interleaved pairs`,
    hook: `${median(hookMs).toFixed(1)} ms`,
    baseline: `${median(cliMs).toFixed(1)} ms`,
    ratio: fmtRatio(ratio),
    goal: '≤ 1.2',
    pass: ratio <= 1.2,
    notes: [
      `hook ${spread(hookMs, 'ms', 1)}`,
      `CLI  ${spread(cliMs, 'ms', 1)}`,
      `paired ratios ${spread(pairRatios, '×', 2)}; ratio of medians ${fmtRatio(median(hookMs) / median(cliMs))}`,
      `in-process raw dockerode logs({tail: ${TAIL}}) ${spread(rawMs, 'ms', 1)}: hook/raw ${fmtRatio(median(hookMs) / median(rawMs))} (the CLI figure includes starting the docker binary)`,
      `output identical to the CLI's (${TAIL} lines, last "1000000")`,
      `peak memory of one getLogs(tail=${TAIL}) in a fresh process (median of ${MEMORY_REPEATS}; RSS before the call ≈ ${f(memBig.base)} MiB):` +
        ` 10,000-line log: RSS +${f(memSmall.rss)} MiB, heap +${f(memSmall.heap)} MiB;` +
        ` 1,000,000-line log: RSS +${f(memBig.rss)} MiB, heap +${f(memBig.heap)} MiB`,
      `  raw samples RSS 10k [${memSmall.rssAll.map(f).join(', ')}] 1M [${memBig.rssAll.map(f).join(', ')}]; heap 10k [${memSmall.heapAll.map(f).join(', ')}] 1M [${memBig.heapAll.map(f).join(', ')}]`,
      `set-up (writing 1,000,000 + 10,000 lines) took ${(setupMs / 1000).toFixed(1)} s, not timed`,
    ],
    leftovers: left,
  };
}

if (process.argv[2] === '--memory-child') await measureMemoryChild(process.argv[3]!, process.argv[4]!);
else if (import.meta.main) await mainOf(run);
