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

  it('creates the ACI hook for an Azure connection (of any alias), without any network I/O', async () => {
    for (const connType of ['azure', 'azure_container_instance', 'azure-container-instances']) {
      const conn = new facade.Connection({ connId: 'aci', connType, login: 'client', password: 's3cret-value', extra: { tenantId: 't', subscriptionId: 's' } });
      const hook = await facade.createHook(conn);
      expect(hook.constructor.name).toBe('AciContainerGroupHook');
    }
  });
});
