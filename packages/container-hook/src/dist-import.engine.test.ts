// What a user gets from `npm install container-hook`: the built dist (not the TypeScript sources the
// other tests run from), imported by plain Node. The engine project's global set-up builds the workspace first.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('imports from the built dist and works without any configuration', async () => {
  const script = `
    import { createHook, validateContainerGroup, assertValidContainerGroup, ContainerGroupNotFoundError, isContainerHookError, registeredBackendTypes } from 'container-hook';
    const problems = validateContainerGroup('Bad-', { osType: 'Linux', containers: [] });
    let invalid;
    try { assertValidContainerGroup('ok', { osType: 'Linux', containers: [] }); } catch (e) { invalid = e.code; }
    const hook = await createHook(undefined, { env: {} });
    const exists = await hook.exists('dist-import-test', 'no-such-group');
    const notFound = await hook.getState('dist-import-test', 'no-such-group').catch((e) => e);
    console.log(JSON.stringify({
      problemPaths: problems.map((p) => p.path),
      invalid,
      types: registeredBackendTypes(),
      exists,
      notFound: isContainerHookError(notFound, 'ContainerGroupNotFound') && notFound instanceof ContainerGroupNotFoundError,
      resolvedFrom: import.meta.resolve('container-hook'),
    }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir, env: { ...process.env, NODE_OPTIONS: '' } });
  const out = JSON.parse(stdout) as Record<string, unknown>;
  expect(out.resolvedFrom).toMatch(/\/packages\/container-hook\/dist\/index\.js$/);
  expect(out.problemPaths).toEqual(expect.arrayContaining(['name', 'containers']));
  expect(out.invalid).toBe('InvalidContainerGroup');
  expect(out.types).toEqual(['azure_container_instance', 'docker']);
  expect(out.exists).toBe(false);
  expect(out.notFound).toBe(true);
});
