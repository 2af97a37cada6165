import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-test-utils.js';
import { createFakeHook } from '../fake-hook-test-utils.js';

async function fileWith(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-validate-'));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

const GOOD_MODEL = {
  name: 'web',
  osType: 'Linux',
  containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: 1, memoryInGB: 1.5 } }, ports: [{ port: 80 }] }],
  ipAddress: { type: 'Public', ports: [{ port: 80, protocol: 'TCP' }] },
};

describe('validate', () => {
  it('a valid SDK-model file exits 0, without any backend call', async () => {
    const hook = createFakeHook();
    const file = await fileWith('group.json', JSON.stringify(GOOD_MODEL));
    const r = await runCli(['validate', '--file', file], { hook });
    expect(r).toEqual({ exitCode: 0, stdout: `valid: ${file} (web, model)\n`, stderr: '' });
    expect(hook.calls).toEqual([]);
  });

  it('reads an ARM body and az container YAML', async () => {
    const arm = await fileWith(
      'arm.json',
      JSON.stringify({
        name: 'web',
        location: 'westeurope',
        properties: { osType: 'Linux', containers: [{ name: 'web', properties: { image: 'nginx', resources: { requests: { cpu: 1, memoryInGB: 1 } } } }] },
      }),
    );
    expect((await runCli(['validate', '-f', arm])).stdout).toBe(`valid: ${arm} (web, arm)\n`);
    const yaml = await fileWith(
      'group.yaml',
      'apiVersion: 2023-05-01\nname: web\nproperties:\n  osType: Linux\n  containers:\n  - name: web\n    properties:\n      image: nginx\n      resources: {requests: {cpu: 1, memoryInGb: 1}}\n',
    );
    expect((await runCli(['validate', '-f', yaml])).stdout).toBe(`valid: ${yaml} (web, az-yaml)\n`);
  });

  it('an invalid group exits 1 and lists every problem path', async () => {
    const file = await fileWith(
      'bad.json',
      JSON.stringify({
        name: 'Bad_Name',
        osType: 'Plan9',
        restartPolicy: 'Sometimes',
        containers: [
          { name: 'a', image: '', resources: { requests: { cpu: -1, memoryInGB: 1 } }, ports: [{ port: 70000 }] },
          { name: 'a', image: 'x', resources: { requests: { cpu: 1, memoryInGB: 1 } }, volumeMounts: [{ name: 'nope', mountPath: '/m' }] },
        ],
      }),
    );
    const r = await runCli(['validate', '--file', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
    const [head, ...problems] = r.stdout.trimEnd().split('\n');
    expect(head).toMatch(new RegExp(`^invalid: .*bad\\.json \\(Bad_Name, model\\), ${problems.length} problems:$`));
    const paths = problems.map((p) => p.trim().split(':')[0]);
    for (const path of ['name', 'osType', 'restartPolicy', 'containers[0].image', 'containers[0].resources.requests.cpu', 'containers[0].ports[0].port', 'containers[1].name', 'containers[1].volumeMounts[0].name']) {
      expect(paths).toContain(path);
    }
  });

  it('--json prints {file, name, format, valid, problems}', async () => {
    const file = await fileWith('bad.json', JSON.stringify({ ...GOOD_MODEL, containers: [{ ...GOOD_MODEL.containers[0], image: '' }] }));
    const r = await runCli(['--json', 'validate', '--file', file]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      file,
      name: 'web',
      format: 'model',
      valid: false,
      problems: [{ path: 'containers[0].image', message: expect.any(String) }],
    });
    const good = await fileWith('good.json', JSON.stringify(GOOD_MODEL));
    expect(JSON.parse((await runCli(['--json', 'validate', '--file', good])).stdout)).toEqual({ file: good, name: 'web', format: 'model', valid: true, problems: [] });
  });

  it('--name is checked instead of the file\'s', async () => {
    const file = await fileWith('group.json', JSON.stringify(GOOD_MODEL));
    const r = await runCli(['validate', '--file', file, '--name', '-x-']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^ {2}name: /m);
  });

  it('a file that is neither JSON nor YAML is invalid, with one clear problem', async () => {
    const file = await fileWith('broken.json', '{"containers": [');
    const r = await runCli(['validate', '--file', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^invalid: .*broken\.json, 1 problem:\n {2}\(document\): the text is not valid JSON[^\n]*\n$/);
  });

  it('a document that is not a container group says which shapes are expected', async () => {
    const file = await fileWith('list.yaml', '- a\n- b\n');
    const r = await runCli(['validate', '--file', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('not a container group (it is a list)');
  });

  it('a missing file is a usage error (exit 2), one line', async () => {
    const r = await runCli(['validate', '--file', '/nonexistent.json']);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: 'container-hook: cannot read --file "/nonexistent.json": no such file; check the path (Usage)\n' });
  });
});
