/**
 * vitest globalSetup for the tests that spawn the real `container-hook` binary: builds the workspace once
 * (`pnpm run build`, i.e. `tsc -b`, incremental), so that `bin/container-hook.js` runs the current sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export default function setup(): void {
  // pnpm when it is on PATH (CI, scripts/setup); else the workspace's own tsc, which is what the script runs.
  const tsc = join(root, 'node_modules/.bin/tsc');
  const [command, args] = existsSync(tsc) ? [tsc, ['-b', 'tsconfig.build.json']] : ['pnpm', ['run', 'build']];
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    throw new Error(`building the workspace for the CLI's spawned tests failed (${command} ${args.join(' ')}):\n${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`);
  }
}
