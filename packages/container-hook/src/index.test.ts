import * as core from '@container-hook/core';
import { describe, expect, it } from 'vitest';
import * as facade from './index.js';

describe('container-hook', () => {
  it("re-exports the core's whole public list ", () => {
    const facadeNames = new Set(Object.keys(facade));
    expect(Object.keys(core).filter((n) => !facadeNames.has(n))).toEqual([]);
    expect(Object.keys(facade).filter((n) => !(n in core)).sort()).toEqual(['registerBuiltInBackends']);
  });

  it('registers the built-in backends on import, without loading them', () => {
    expect(facade.registeredBackendTypes()).toEqual(expect.arrayContaining(['azure_container_instance', 'docker']));
    // Registration is idempotent: importing twice or calling it again changes nothing.
    facade.registerBuiltInBackends();
    expect(facade.registeredBackendTypes().filter((t) => t === 'docker')).toHaveLength(1);
  });

  it('creates a hook for an Azure connection only to say clearly that the ACI backend is not available yet', async () => {
    const conn = new facade.Connection({ connId: 'aci', connType: 'azure', login: 'client', password: 's3cret-value', extra: { tenantId: 't', subscriptionId: 's' } });
    const error = await facade.createHook(conn).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UnsupportedFeature' });
    expect(String((error as Error).message)).not.toContain('s3cret-value');
  });
});
