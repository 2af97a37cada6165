/**
 * `run` on a terminal, as a person sees it: the built binary in a pseudo-terminal (util-linux `script`,
 * present on every Debian machine), against the real Docker engine. On a terminal, progress is one live
 * status line (state and elapsed time) redrawn in place, with the log lines above it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { assertBuilt, CLI_BIN } from './spawn-test-utils.js';

const RG = `cli-tty-${randomBytes(4).toString('hex')}`;
const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
/**
 * What a terminal shows for `raw`, line by line: the few controls a status line uses (carriage return,
 * cursor to column 1, erase to the end of the line) applied, every other escape sequence (colours, cursor
 * visibility, synchronised output) dropped.
 */
function renderTerminal(raw: string): string[] {
  const lines: string[] = [];
  let line = '';
  let col = 0;
  for (const token of raw.match(/\x1b\[[0-9;?]*[A-Za-z]|[\r\n]|[^\x1b\r\n]+/gu) ?? []) {
    if (token === '\n') {
      lines.push(line);
      line = '';
      col = 0;
    } else if (token === '\r' || token === '\x1b[1G') {
      col = 0;
    } else if (token === '\x1b[0K' || token === '\x1b[K') {
      line = line.slice(0, col);
    } else if (token === '\x1b[2K') {
      line = '';
    } else if (!token.startsWith('\x1b')) {
      line = line.slice(0, col) + token + line.slice(col + token.length);
      col += token.length;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

beforeAll(() => assertBuilt());

it('shows one live status line with state and elapsed time, the log above it, and exits with the code', async () => {
  const args = ['-g', RG, 'run', '--image', 'container-hook/busybox:local', '--name', 'tty-job', '--', 'sh', '-c', 'echo first; sleep 2.5; echo second; exit 4'];
  // A pseudo-terminal starts 0 columns wide; give it a real size, as a terminal window has.
  const command = `stty cols 120 rows 40; ${[process.execPath, CLI_BIN, ...args].map(shellQuote).join(' ')}`;
  // script: -q quiet, -e the child's exit status, -f flush as written, -c the command; the typescript goes to /dev/null.
  // As on a developer's machine: a colour terminal, and no CI variable (ora draws no spinner under CI).
  const { CI: _ci, ...env } = process.env;
  const result = await promisify(execFile)('script', ['-qefc', command, '/dev/null'], { env: { ...env, TERM: 'xterm-256color' } }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  expect(result.code).toBe(4);
  const raw = result.stdout;
  // The status line is redrawn in place (erase-line sequences), not printed as plain lines.
  expect(raw).toMatch(/\x1b\[2K|\x1b\[1G|\x1b\[\?25l/);
  // While running, the status line showed the state and the elapsed time.
  expect(raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).toMatch(/tty-job: Running {2}\d+\.\ds/);
  // On the final screen: each log line exactly once, in order, events kept, no status line left behind.
  const screen = renderTerminal(raw);
  expect(screen.filter((l) => l === 'first')).toHaveLength(1);
  expect(screen.filter((l) => l === 'second')).toHaveLength(1);
  expect(screen.indexOf('first')).toBeLessThan(screen.indexOf('second'));
  expect(screen).toContain('tty-job: Started: Started container tty-job');
  expect(screen.at(-1)).toMatch(/^container-hook: tty-job exited with code 4 \(Error\) after [\d.]+s; group deleted$/);
  expect(screen.filter((l) => /Running {2}\d/.test(l))).toEqual([]);
  // Nothing left of the group.
  const { stdout } = await promisify(execFile)('docker', ['ps', '-a', '--filter', `label=container-hook.resource-group=${RG}`, '--format', '{{.Names}}']);
  expect(stdout.trim()).toBe('');
});
