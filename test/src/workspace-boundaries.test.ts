// The layout rules of ARCHITECTURE.md, checked on the sources (as compose-cli's import-restrictions.yaml
// does): the core imports no backend, no Azure and no Docker code; a backend imports only the core; the
// CLI and the container-hook package load backends only through a dynamic import().
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('-test-utils.ts'))
    .map((f) => join(root, dir, f));
}

/**
 * Module specifiers of static imports and re-exports (`import … from 'x'`, `export … from 'x'`, `import 'x'`).
 * Type-only imports (`import type …`) are left out: the compiler erases them, so they load nothing.
 */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) found.push((m[1] ?? m[2])!);
  return found;
}

function violations(dir: string, forbidden: (specifier: string) => boolean): string[] {
  return sources(dir).flatMap((f) => staticImports(f).filter(forbidden).map((s) => `${relative(root, f)} imports ${s}`));
}

const backendOrSdk = (s: string) => /^@container-hook\/(?!core$)|^container-hook$|^@azure\/|^dockerode$|^testcontainers$/.test(s);

describe('workspace boundaries', () => {
  it('finds the sources it checks', () => {
    expect(sources('packages/core/src').length).toBeGreaterThan(10);
    expect(staticImports(join(root, 'packages/core/src/registry.ts'))).toContain('inversify');
  });

  it('the core imports no backend, no Azure and no Docker code', () => {
    expect(violations('packages/core/src', backendOrSdk)).toEqual([]);
  });

  it('the Docker backend imports no other backend, no Azure code and not the CLI', () => {
    expect(violations('packages/local-docker-backend/src', (s) => /^@container-hook\/(?!core$)|^container-hook$|^@azure\//.test(s))).toEqual([]);
  });

  it('the ACI backend imports no other backend, no Docker code and not the CLI', () => {
    expect(violations('packages/aci-backend/src', (s) => /^@container-hook\/(?!core$)|^container-hook$|^dockerode$|^testcontainers$/.test(s))).toEqual([]);
  });

  it('the CLI and the container-hook package load backends only lazily', () => {
    const backend = (s: string) => /^@container-hook\/(local-docker-backend|aci-backend|aci-emulator)$|^@azure\/|^dockerode$|^testcontainers$/.test(s);
    expect(violations('packages/cli/src', backend)).toEqual([]);
    expect(violations('packages/container-hook/src', backend)).toEqual([]);
  });
});
