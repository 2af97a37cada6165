import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunGroup, resolveSecureEnv } from './run-group.js';
import { isPrunable } from './tags.js';
import { parseDuration } from './parse.js';

const NOW = new Date('2026-05-01T12:00:00.000Z');

describe('resolveSecureEnv', () => {
  it('reads NAME from the environment, NAME=VALUE as given, and the file; later wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-secure-'));
    const file = join(dir, 's.env');
    await writeFile(file, "A=from-file\n# c\n\nexport B='quoted value'\nC=\"x=y\"\n");
    expect(await resolveSecureEnv(['A', 'D=inline'], file, { A: 'from-env' })).toEqual([
      { name: 'A', value: 'from-env' },
      { name: 'B', value: 'quoted value' },
      { name: 'C', value: 'x=y' },
      { name: 'D', value: 'inline' },
    ]);
  });

  it('a malformed line names its number, not its content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-secure-'));
    const file = join(dir, 's.env');
    await writeFile(file, 'A=1\nthis-is-a-secret-without-equals\n');
    await expect(resolveSecureEnv([], file, {})).rejects.toThrow(/line 2 is not NAME=VALUE/);
    await expect(resolveSecureEnv([], file, {})).rejects.not.toThrow(/this-is-a-secret/);
  });

  it('an empty value from the environment is a value', async () => {
    expect(await resolveSecureEnv(['E'], undefined, { E: '' })).toEqual([{ name: 'E', value: '' }]);
  });
});

describe('buildRunGroup', () => {
  it('does not change the file group it was given', () => {
    const file = { osType: 'Linux', containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: 1, memoryInGB: 1 } } }] };
    const copy = structuredClone(file);
    buildRunGroup('a', { image: 'y', env: ['K=V'] }, file, NOW);
    expect(file).toEqual(copy);
  });

  it('the main container is the one named like the group, else the first', () => {
    const file = {
      osType: 'Linux',
      containers: [
        { name: 'side', image: 'side', resources: { requests: { cpu: 1, memoryInGB: 1 } } },
        { name: 'job', image: 'old', resources: { requests: { cpu: 1, memoryInGB: 1 } } },
      ],
    };
    expect(buildRunGroup('job', { image: 'new' }, file, NOW).containers.map((c) => c.image)).toEqual(['side', 'new']);
    expect(buildRunGroup('other', { image: 'new' }, file, NOW).containers.map((c) => c.image)).toEqual(['new', 'old']);
  });

  it('keeps the file\'s restart policy and fills Never and Linux when absent', () => {
    const base = { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: 1, memoryInGB: 1 } } }] };
    expect(buildRunGroup('a', {}, { ...base, osType: 'Windows', restartPolicy: 'Always' }, NOW)).toMatchObject({ osType: 'Windows', restartPolicy: 'Always' });
    expect(buildRunGroup('a', {}, base as never, NOW)).toMatchObject({ osType: 'Linux', restartPolicy: 'Never' });
  });
});

describe('prune rules', () => {
  it('only groups with both CLI tags, created before the cutoff', () => {
    const cutoff = new Date(NOW.getTime() - parseDuration('1h'));
    expect(isPrunable({ tags: { 'created-by': 'container-hook-cli', 'created-at': '2026-05-01T10:59:59Z' } }, cutoff)).toBe(true);
    expect(isPrunable({ tags: { 'created-by': 'container-hook-cli', 'created-at': '2026-05-01T11:00:01Z' } }, cutoff)).toBe(false);
    expect(isPrunable({ tags: { 'created-at': '2000-01-01T00:00:00Z' } }, cutoff)).toBe(false);
    expect(isPrunable({ tags: { 'created-by': 'container-hook-cli' } }, cutoff)).toBe(false);
    expect(isPrunable({}, cutoff)).toBe(false);
  });

  it.each([
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['90s', 90_000],
    ['1.5h', 5_400_000],
  ])('parseDuration(%s)', (text, ms) => expect(parseDuration(text)).toBe(ms));
});
