// Runs every benchmark in one process (one run id, one cleanup), then prints the figures as a Markdown table.
// Pick some with arguments: `node src/run-all.ts lifecycle logs-tail`; `--seconds N` is aci-follow's job length.
import { execFileSync } from 'node:child_process';
import { run as aciExists } from '#bench/aci-exists';
import { run as aciFollow } from '#bench/aci-follow';
import { run as aciScale } from '#bench/aci-scale';
import { run as cliColdStart } from '#bench/cli-cold-start';
import { run as concurrent } from '#bench/concurrent';
import { run as lifecycle } from '#bench/lifecycle';
import { run as logsTail } from '#bench/logs-tail';
import { run as runLoopCalls } from '#bench/run-loop-calls';
import {
  cleanup,
  cleanupOnSignals,
  engineVersion,
  loadAverage,
  machine,
  printResult,
  RUN_ID,
  RUN_LABEL,
  stopController,
  type BenchResult,
} from '#bench/util';

const ALL: Record<string, () => Promise<BenchResult>> = {
  lifecycle,
  'logs-tail': logsTail,
  concurrent,
  'cli-cold-start': cliColdStart,
  'run-loop-calls': runLoopCalls,
  'aci-exists': aciExists,
  'aci-follow': aciFollow,
  'aci-scale': aciScale,
};

function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

// Benchmark names; flags (`--seconds 20`) and their values are left to the benchmarks that read them.
const picked = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
for (const p of picked) if (!(p in ALL)) throw new RangeError(`unknown benchmark "${p}"; one of ${Object.keys(ALL).join(', ')}`);
const names = picked.length ? picked : Object.keys(ALL);

cleanupOnSignals();
const started = new Date();
const header = `${machine()}; ${await engineVersion()}`;
console.log(`run ${RUN_ID} — ${header} — load ${loadAverage()} — commit ${gitHead()}`);
const results: BenchResult[] = [];
let failed = false;
for (const name of names) {
  if (stopController.signal.aborted) break;
  const load = loadAverage();
  try {
    const r = await ALL[name]!();
    r.notes.push(`load average at start: ${load}`);
    printResult(r);
    results.push(r);
  } catch (e) {
    failed = true;
    console.error(`\n== ${name} FAILED`, e);
  } finally {
    await cleanup();
  }
}
const left = await cleanup();

const cell = (s: string) => s.replace(/\|/g, '\\|');
console.log(`\n### Benchmarks (${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${gitHead()})\n`);
console.log(`Machine: ${header}. Load average at the end: ${loadAverage()}.\n`);
console.log('| benchmark | container-hook | baseline (same run) | ratio (median) | goal | met |');
console.log('|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${cell(r.hook)} | ${cell(r.baseline)} | ${r.ratio} | ${cell(r.goal)} | ${r.pass ? 'yes' : '**no**'} |`);
console.log('');
for (const r of results) console.log(`- **${r.name}**: ${r.notes.map(cell).join('; ')}`);
console.log(`\nLeftovers labelled ${RUN_LABEL}=${RUN_ID} after the run: ${left}`);
if (failed || left > 0 || results.some((r) => r.leftovers > 0)) process.exitCode = 1;
