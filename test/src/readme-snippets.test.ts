// The READMEs' TypeScript snippets compile against the workspace's real API (as the Azure SDK's
// snippets.spec.ts does), so the docs cannot drift from the code. Each ```ts block whose imports are all
// workspace packages is written to test/.snippets/ and type-checked with tsc against the sources.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'test/.snippets');
const WORKSPACE_MODULES = new Set(['container-hook', '@container-hook/core', '@container-hook/local-docker-backend', '@container-hook/contract-tests']);

function readmes(): string[] {
  const packages = readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md'));
  return [join(root, 'README.md'), ...packages, join(root, 'test/README.md'), join(root, 'bench/README.md')].filter((f) => {
    try {
      return readFileSync(f, 'utf8').length > 0;
    } catch {
      return false;
    }
  });
}

function snippets(): { name: string; code: string }[] {
  return readmes().flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    return blocks.flatMap((code, i) => {
      const imports = [...code.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      // Snippets about a third party's code (e.g. `my-backend`) cannot be compiled here.
      if (imports.length === 0 || imports.some((s) => !WORKSPACE_MODULES.has(s))) return [];
      const name = `${relative(root, file).replace(/[/.]/g, '-')}-${i + 1}.ts`;
      return [{ name, code }];
    });
  });
}

it('compiles every README snippet that uses only workspace packages', async () => {
  const found = snippets();
  expect(found.map((s) => s.name).length, 'snippets found').toBeGreaterThanOrEqual(4);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const { name, code } of found) writeFileSync(join(outDir, name), `${code}\nexport {};\n`);
  writeFileSync(
    join(outDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, customConditions: ['source'], declaration: false, declarationMap: false, sourceMap: false },
      include: ['*.ts'],
    }),
  );
  const tsc = join(root, 'node_modules/.bin/tsc');
  const result = await promisify(execFile)(tsc, ['-p', join(outDir, 'tsconfig.json')], { cwd: root }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
  expect(result.output).toBe('');
  expect(result.code).toBe(0);
}, 60_000);
