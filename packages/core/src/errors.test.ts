import util from 'node:util';
import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import { ConnectionConfigError, ConnectionNotFoundError, ContainerHookError, isContainerHookError } from './errors.js';

type ErrorClass = new (...args: never[]) => ContainerHookError;

/** Every error class errors.ts exports (read from the module, so a new class is covered without a change here). */
const classes: Array<[string, ErrorClass]> = Object.entries(errors as Record<string, unknown>).flatMap(([name, value]) =>
  typeof value === 'function' && (value === ContainerHookError || value.prototype instanceof ContainerHookError) ? [[name, value as ErrorClass]] : [],
);

/** Arguments for the classes whose constructors are not `(message, options)`; others get strings. */
const ARGS: Record<string, unknown[]> = {
  ContainerGroupNotFoundError: ['rg1', 'web'],
  ResourceGroupNotFoundError: ['rg1'],
  InvalidContainerGroupError: ['web', [{ path: 'containers[0].image', message: 'is required' }]],
  UnsupportedFeatureError: ['docker', 'volumes[0].azureFile', 'no Azure Files on a local engine'],
  ConnectionNotFoundError: ['my_conn'],
  OperationTimeoutError: ['took too long', 1000],
};

function make(name: string, Class: ErrorClass, options?: errors.ContainerHookErrorOptions): ContainerHookError {
  const args = ARGS[name] ?? ['rg1', 'web', 'Failed', 'a reason'].slice(0, Math.max(1, Class.length));
  const Ctor = Class as unknown as new (...a: unknown[]) => ContainerHookError;
  return options === undefined ? new Ctor(...args) : new Ctor(...args, options);
}

describe('error classes', () => {
  it('finds the error classes', () => {
    expect(classes.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'ContainerHookError',
        'ContainerGroupNotFoundError',
        'ResourceGroupNotFoundError',
        'InvalidContainerGroupError',
        'UnsupportedFeatureError',
        'AuthenticationError',
        'ThrottledError',
        'BackendUnavailableError',
        'ConnectionNotFoundError',
        'ConnectionConfigError',
      ]),
    );
  });

  it.each(classes)('%s has its name, and its code is the name without "Error"', (name, Class) => {
    const e = make(name, Class);
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(ContainerHookError);
    expect(e.name).toBe(name);
    expect(e.code).toBe(name.replace(/Error$/, ''));
    expect(String(e)).toBe(`${name}: ${e.message}`);
  });

  it.each(classes)('isContainerHookError recognises %s by instance, code, and by name/code alone', (name, Class) => {
    const e = make(name, Class);
    const code = name.replace(/Error$/, '');
    expect(isContainerHookError(e)).toBe(true);
    expect(isContainerHookError(e, code)).toBe(true);
    expect(isContainerHookError(e, 'SomethingElse')).toBe(false);
    // Another copy of the core in the tree: same name and code, not the same class.
    const foreign = Object.assign(new Error(e.message), { name, code });
    expect(isContainerHookError(foreign)).toBe(true);
    expect(isContainerHookError(foreign, code)).toBe(true);
    expect(isContainerHookError({ name, code })).toBe(true);
  });

  it('keeps a code given in the options', () => {
    expect(new ContainerHookError('x', { code: 'Custom' }).code).toBe('Custom');
  });

  it('does not recognise other errors', () => {
    for (const value of [new Error('x'), new TypeError('x'), Object.assign(new Error('x'), { code: 'ENOENT' }), { name: 'FooError', code: 'Foo' }, null, undefined, 'ConnectionNotFoundError', 42]) {
      expect(isContainerHookError(value)).toBe(false);
    }
    expect(isContainerHookError(Object.assign(new Error('x'), { name: 'AbortError', code: 'ABORT_ERR' }))).toBe(false);
  });

  it('ConnectionNotFoundError names the variable and the file to define the connection in', () => {
    const e = new ConnectionNotFoundError('my_conn');
    expect(e.connId).toBe('my_conn');
    expect(e.message).toContain('AIRFLOW_CONN_MY_CONN');
    expect(e.message).toContain('CONTAINER_HOOK_CONNECTIONS_FILE');
    expect(e.details).toEqual({ connId: 'my_conn' });
  });

  it('ThrottledError carries retryAfterMs', () => {
    expect(new errors.ThrottledError('slow down', { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
  });
});

describe('errors show no secret', () => {
  const PASSWORD = 'hunter2-Pa55word';
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  const SECURE = 'secure-env-value-42';
  const URL_PASS = 'url-pa55';

  function secretError(): ContainerHookError {
    const cause = Object.assign(new Error(`GET https://user:${URL_PASS}@registry.example.com failed with Authorization: Bearer ${TOKEN}`), {
      request: { headers: { authorization: `Bearer ${TOKEN}` } },
      cause: new Error(`password=${PASSWORD}`),
    });
    return new ConnectionConfigError(`login to https://admin:${URL_PASS}@registry.example.com/v2 failed: Bearer ${TOKEN}`, {
      cause,
      details: {
        password: PASSWORD,
        token: TOKEN,
        url: `https://user:${URL_PASS}@registry.example.com`,
        group: { containers: [{ environmentVariables: [{ name: 'DB_PASSWORD', secureValue: SECURE }] }] },
        note: `client_secret=${PASSWORD}&tenant=t`,
      },
    });
  }

  it.each([
    ['message', (e: ContainerHookError) => e.message],
    ['String', (e: ContainerHookError) => String(e)],
    ['JSON.stringify', (e: ContainerHookError) => JSON.stringify(e)],
    ['util.inspect', (e: ContainerHookError) => util.inspect(e)],
    ['util.inspect showHidden', (e: ContainerHookError) => util.inspect(e, { showHidden: true, depth: 10 })],
    ['util.inspect nested', (e: ContainerHookError) => util.inspect({ error: e }, { depth: null })],
    ['stack', (e: ContainerHookError) => e.stack ?? ''],
    ['details', (e: ContainerHookError) => JSON.stringify(e.details)],
  ])('under %s', (_, render) => {
    const text = render(secretError());
    for (const secret of [PASSWORD, TOKEN, SECURE, URL_PASS]) expect(text).not.toContain(secret);
  });

  it('still says what happened and keeps the non-secret details', () => {
    const e = secretError();
    expect(e.message).toContain('registry.example.com');
    expect(e.details).toMatchObject({ password: '***', token: '***', group: { containers: [{ environmentVariables: [{ name: 'DB_PASSWORD', secureValue: '***' }] }] } });
    expect(util.inspect(e)).toContain('caused by Error');
  });
});
