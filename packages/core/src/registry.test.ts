import { ContainerModule } from 'inversify';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connections/connection.js';
import { ContainerGroupHook } from './hook.js';
import { createHook, registerBackend, registeredBackendTypes, unregisterBackend } from './registry.js';
import { makeFakeHook, type FakeHook } from './registry-test-utils.js';

const moduleFor = (backend: string) =>
  new ContainerModule(({ bind }) => {
    bind(ContainerGroupHook).toResolvedValue((c: Connection) => makeFakeHook(backend, c), [Connection]);
  });

const registered: string[] = [];
function register(type: string, backend: string) {
  registerBackend(type, async () => moduleFor(backend));
  registered.push(type);
}

afterEach(() => {
  for (const t of registered.splice(0)) unregisterBackend(t);
});

describe('registry', () => {
  it('picks the backend registered for the connection type', async () => {
    register('alpha_engine', 'alpha');
    register('beta_engine', 'beta');
    const a = (await createHook(new Connection({ connId: 'a', connType: 'alpha_engine' }))) as FakeHook;
    const b = (await createHook(new Connection({ connId: 'b', connType: 'beta-engine' }))) as FakeHook;
    expect(a.backend).toBe('alpha');
    expect(a.connection.connId).toBe('a');
    expect(b.backend).toBe('beta');
    expect(await b.testConnection()).toEqual({ ok: true, message: 'beta for b' });
  });

  it('resolves connection-type aliases to the type the backend registered', async () => {
    register('azure_container_instance', 'aci');
    for (const connType of ['azure', 'azure_container_instances', 'azure-container-instance', 'AZURE_CONTAINER_INSTANCE']) {
      const hook = (await createHook(new Connection({ connId: 'x', connType }))) as FakeHook;
      expect(hook.backend, connType).toBe('aci');
    }
  });

  it('reads the connection by id from the environment, default docker_default', async () => {
    register('docker', 'docker-fake');
    register('alpha_engine', 'alpha');
    const env = { AIRFLOW_CONN_MY_ALPHA: 'alpha-engine://user:pw@host' };
    const byId = (await createHook('my_alpha', { env })) as FakeHook;
    expect(byId.backend).toBe('alpha');
    expect(byId.connection.login).toBe('user');
    const byDefault = (await createHook(undefined, { env: {} })) as FakeHook;
    expect(byDefault.backend).toBe('docker-fake');
    expect(byDefault.connection.connId).toBe('docker_default');
    const byEnvDefault = (await createHook(undefined, { env: { ...env, CONTAINER_HOOK_CONN: 'my_alpha' } })) as FakeHook;
    expect(byEnvDefault.backend).toBe('alpha');
  });

  it('names the registered types when no backend serves the connection type', async () => {
    register('alpha_engine', 'alpha');
    const error = await createHook(new Connection({ connId: 'k8s', connType: 'kubernetes' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionConfigError', code: 'ConnectionConfig' });
    expect((error as Error).message).toContain('"kubernetes"');
    expect((error as Error).message).toContain('alpha_engine');
  });

  it('fails on an unknown connection id with ConnectionNotFoundError', async () => {
    await expect(createHook('nope', { env: {} })).rejects.toMatchObject({ code: 'ConnectionNotFound' });
  });

  it('refuses an empty or duplicate registration unless replacing', () => {
    register('alpha_engine', 'alpha');
    expect(() => registerBackend('alpha_engine', async () => moduleFor('again'))).toThrow(TypeError);
    expect(() => registerBackend('', async () => moduleFor('empty'))).toThrow(TypeError);
    registerBackend('alpha_engine', async () => moduleFor('replacement'), { replace: true });
    expect(registeredBackendTypes()).toContain('alpha_engine');
  });

  it('does not import a lazily loaded backend until a connection of its type is used', async () => {
    const counter = globalThis as { lazyBackendEvaluations?: number };
    registerBackend('lazy_engine', async () => (await import('./lazy-backend-test-utils.js')).lazyBackendModule);
    registered.push('lazy_engine');
    register('alpha_engine', 'alpha');
    await createHook(new Connection({ connId: 'a', connType: 'alpha_engine' }));
    expect(counter.lazyBackendEvaluations).toBeUndefined();
    const hook = (await createHook(new Connection({ connId: 'l', connType: 'lazy_engine' }))) as FakeHook;
    expect(counter.lazyBackendEvaluations).toBe(1);
    expect(hook.backend).toBe('lazy');
  });

  it('builds a new hook for each connection', async () => {
    register('alpha_engine', 'alpha');
    const one = (await createHook(new Connection({ connId: 'one', connType: 'alpha_engine' }))) as FakeHook;
    const two = (await createHook(new Connection({ connId: 'two', connType: 'alpha_engine' }))) as FakeHook;
    expect(one).not.toBe(two);
    expect([one.connection.connId, two.connection.connId]).toEqual(['one', 'two']);
  });
});
