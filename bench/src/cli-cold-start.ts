// cli-cold-start: `container-hook --help` (the built bin) vs `node -e 0`, and proof that Docker commands load
// neither the Azure SDK nor the emulator (every resolved module URL recorded with module.registerHooks).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, fmtRatio, mainOf, median, nowMs, RESOURCE_GROUP, spread, type BenchResult } from '#bench/util';

const N = Number(process.env['BENCH_CLI_N'] ?? 30);
const WARMUP = 3;
const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../../packages/cli/bin/container-hook.js');
const RECORDER = path.join(here, 'record-modules.ts');

function timed(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  return { ms: nowMs() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ModuleCount {
  total: number;
  azure: number;
  emulator: number;
  aciBackend: number;
  dockerode: number;
  status: number | null;
}

/** Runs the CLI with the recorder; counts the module URLs by package. */
function modulesOf(args: string[]): ModuleCount {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-modules-'));
  const out = path.join(dir, 'urls.txt');
  try {
    const r = timed(['--import', RECORDER, BIN, ...args], { ...process.env, BENCH_MODULES_OUT: out });
    const urls = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const count = (re: RegExp) => urls.filter((u) => re.test(decodeURIComponent(u))).length;
    return {
      total: urls.length,
      azure: count(/@azure\//),
      emulator: count(/aci-emulator/),
      aciBackend: count(/aci-backend/),
      dockerode: count(/\/dockerode\//),
      status: r.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  const help = timed([BIN, '--help']);
  if (help.status !== 0 || !help.stdout.includes('Usage: container-hook')) throw new Error(`container-hook --help failed (${help.status}): ${help.stderr}`);
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  const pairRatios: number[] = [];
  for (let i = -WARMUP; i < N; i++) {
    let c = 0;
    let n = 0;
    if (i % 2 === 0) {
      c = timed([BIN, '--help']).ms;
      n = timed(['-e', '0']).ms;
    } else {
      n = timed(['-e', '0']).ms;
      c = timed([BIN, '--help']).ms;
    }
    if (i < 0) continue;
    cliMs.push(c);
    nodeMs.push(n);
    pairRatios.push(c / n);
  }
  const ratio = median(pairRatios);

  // A Docker command that reaches the engine (and creates nothing): the group does not exist, exit 1.
  const exists = modulesOf(['exists', 'x', '-g', RESOURCE_GROUP]);
  const helpModules = modulesOf(['--help']);
  const a = (m: ModuleCount) => m.azure + m.emulator + m.aciBackend;
  if (exists.status !== 1) throw new Error(`container-hook exists x should exit 1, got ${exists.status}`);
  if (exists.dockerode === 0) throw new Error('the recorder saw no dockerode module for a Docker command: it records nothing');
  const left = await cleanup();
  return {
    name: 'cli-cold-start',
    what: `\`container-hook --help\` (built bin) vs \`node -e 0\`, ${N} interleaved pairs; modules loaded by Docker commands`,
    hook: `${median(cliMs).toFixed(0)} ms`,
    baseline: `${median(nodeMs).toFixed(0)} ms`,
    ratio: fmtRatio(ratio),
    goal: '≤ 2.5×, 0 @azure/ modules',
    pass: ratio <= 2.5 && a(exists) === 0 && a(helpModules) === 0,
    notes: [
      `container-hook --help ${spread(cliMs)}`,
      `node -e 0            ${spread(nodeMs)}`,
      `paired ratios ${spread(pairRatios, '×', 2)}; ratio of medians ${fmtRatio(median(cliMs) / median(nodeMs))}`,
      `\`exists x -g …\` (Docker, exit ${exists.status}): ${exists.total} module URLs, @azure/ ${exists.azure}, aci-backend ${exists.aciBackend}, aci-emulator ${exists.emulator}, dockerode ${exists.dockerode} (recorder works)`,
      `\`--help\`: ${helpModules.total} module URLs, @azure/ ${helpModules.azure}, aci-backend ${helpModules.aciBackend}, aci-emulator ${helpModules.emulator}, dockerode ${helpModules.dockerode}`,
    ],
    leftovers: left,
  };
}

if (import.meta.main) await mainOf(run);
