import util from 'node:util';
import { describe, expect, it } from 'vitest';
import { isContainerHookError } from '../errors.js';
import { dejsonExtra, normalizeConnType, parseConnectionUri } from './uri.js';

/** The connection's fields as plain data, the password included (toJSON hides it). */
function fields(uri: string, connId = 'my_conn') {
  const c = parseConnectionUri(connId, uri);
  return { connType: c.connType, host: c.host, login: c.login, password: c.password, port: c.port, schema: c.schema, extra: { ...c.extra } };
}

function parseError(uri: string): Error {
  try {
    parseConnectionUri('bad_conn', uri, { origin: 'AIRFLOW_CONN_BAD_CONN' });
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected parseConnectionUri to throw');
}

describe('parseConnectionUri: the forms of Airflow docs', () => {
  it('reads the generic example of the connection how-to', () => {
    expect(fields('my-conn-type://my-login:my-password@my-host:5432/my-schema?param1=val1&param2=val2')).toEqual({
      connType: 'my_conn_type',
      host: 'my-host',
      login: 'my-login',
      password: 'my-password',
      port: 5432,
      schema: 'my-schema',
      extra: { param1: 'val1', param2: 'val2' },
    });
  });

  it('reads an ACI service principal with an empty host and an empty schema', () => {
    expect(fields('azure-container-instance://my-client-id:my-secret@/?tenantId=my-tenant&subscriptionId=my-sub')).toEqual({
      connType: 'azure_container_instance',
      host: undefined,
      login: 'my-client-id',
      password: 'my-secret',
      port: undefined,
      schema: undefined,
      extra: { tenantId: 'my-tenant', subscriptionId: 'my-sub' },
    });
  });

  it('reads login:password@ followed directly by the query (which Node URL rejects)', () => {
    expect(() => new URL('azure-container-instance://login:pass@?tenantId=x')).toThrow();
    expect(fields('azure-container-instance://login:pass@?tenantId=x')).toMatchObject({ login: 'login', password: 'pass', host: undefined, extra: { tenantId: 'x' } });
  });

  it('reads azure://?key_path=... with no authority at all', () => {
    expect(fields('azure://?key_path=%2Fkeys%2Fkey.json')).toEqual({
      connType: 'azure',
      host: undefined,
      login: undefined,
      password: undefined,
      port: undefined,
      schema: undefined,
      extra: { key_path: '/keys/key.json' },
    });
  });

  it('reads the docker provider form: a percent-encoded registry URL as host, registry credentials', () => {
    const uri = `docker://username:password@${encodeURIComponent('https://index.docker.io/v1')}:80?email=myemail%40my.com&reauth=False`;
    expect(fields(uri, 'docker_default')).toEqual({
      connType: 'docker',
      host: 'https://index.docker.io/v1',
      login: 'username',
      password: 'password',
      port: 80,
      schema: undefined,
      // "False" is not JSON (Python's json.loads rejects it too), so it stays a string.
      extra: { email: 'myemail@my.com', reauth: 'False' },
    });
  });

  it('keeps the case of a percent-encoded URL host but lower-cases a plain host, as Python hostname does', () => {
    expect(fields(`docker://u:p@${encodeURIComponent('https://MyRegistry.azurecr.io/V1')}`).host).toBe('https://MyRegistry.azurecr.io/V1');
    expect(fields('docker://u:p@MyRegistry.AzureCR.io').host).toBe('myregistry.azurecr.io');
  });

  it('keeps the protocol of a host written as my-type://protocol://host', () => {
    expect(fields('my-type://https://user:pw@registry.example.com:443/path')).toMatchObject({
      connType: 'my_type',
      host: 'https://registry.example.com',
      login: 'user',
      password: 'pw',
      port: 443,
      schema: 'path',
    });
  });

  it('reads a whole extra from __extra__, nested JSON included', () => {
    const extra = { tenantId: 't', nested: { a: [1, 2, { b: 'c' }] }, list: ['x', 'y'] };
    const uri = `azure-container-instance://id:secret@?__extra__=${encodeURIComponent(JSON.stringify(extra))}`;
    expect(fields(uri).extra).toEqual(extra);
  });

  it('ignores other query parameters when __extra__ is present, as Airflow does', () => {
    const uri = `azure://?other=1&__extra__=${encodeURIComponent('{"a": "b"}')}`;
    expect(fields(uri).extra).toEqual({ a: 'b' });
  });

  it('keeps blank query values, turns + into space, and lets the last repeated key win (parse_qsl)', () => {
    expect(fields('docker://?email=&reauth&label=a+b%2Bc&x=1&x=2').extra).toEqual({ email: '', reauth: '', label: 'a b+c', x: 2 });
  });

  it('applies extra_dejson to query values: "true" → true, "123" → 123, JSON objects parsed, the rest kept', () => {
    const uri = `x://h?t=true&f=false&n=123&d=1.5&nul=null&o=${encodeURIComponent('{"a":1}')}&s=hello&big=12345678901234567890&lead=0123`;
    expect(fields(uri).extra).toEqual({ t: true, f: false, n: 123, d: 1.5, nul: null, o: { a: 1 }, s: 'hello', big: '12345678901234567890', lead: '0123' });
  });

  it('percent-decodes a password holding @, :, / and other reserved characters', () => {
    const secret = 'p@ss:w/rd?#%&+ é';
    expect(fields(`azure-container-instance://client:${encodeURIComponent(secret)}@?tenantId=t`)).toMatchObject({ login: 'client', password: secret });
  });

  it('splits user info at the last @ and the password at its first :, as urlsplit does', () => {
    expect(fields('docker://us%40er:pa:ss@wd@host:5000')).toMatchObject({ login: 'us@er', password: 'pa:ss@wd', host: 'host', port: 5000 });
  });

  it('leaves a % not followed by two hex digits as written (Python unquote), where decodeURIComponent throws', () => {
    expect(() => decodeURIComponent('100%')).toThrow();
    expect(fields('x://u:100%25%zz@h').password).toBe('100%%zz');
  });

  it('normalises postgresql to postgres and hyphens to underscores; lower-cases the scheme', () => {
    expect(fields('postgresql://u:p@h:5432/db').connType).toBe('postgres');
    expect(fields('Azure-Container-Instance://?tenantId=t').connType).toBe('azure_container_instance');
  });

  it('reads IPv6 hosts, the empty port and port 0', () => {
    expect(fields('docker://[::1]:2375')).toMatchObject({ host: '::1', port: 2375 });
    expect(fields('docker://host:')).toMatchObject({ host: 'host', port: undefined });
    expect(fields('docker://host:0').port).toBe(0);
  });

  it('ignores a fragment and surrounding whitespace, and percent-decodes the schema', () => {
    expect(fields('  docker://h/my%20db?a=1#frag')).toMatchObject({ host: 'h', schema: 'my db', extra: { a: 1 } });
  });

  it('keeps __proto__ and constructor keys as plain properties', () => {
    const c = parseConnectionUri('x', 'x://?__proto__=1&constructor=2');
    expect(Object.getPrototypeOf(c.extra)).toBe(Object.prototype);
    expect(Object.keys(c.extra)).toEqual(['__proto__', 'constructor']);
  });
});

describe('parseConnectionUri: errors', () => {
  const SECRET = 'Sup3r-S3cret-Value';
  const bad = [
    ['no scheme', `${SECRET}@host`],
    ['underscore in the scheme', `azure_container_instance://client:${SECRET}@?tenantId=t`],
    ['port that is not a number', `docker://user:${SECRET}@host:notaport`],
    ['password with an unencoded /', `docker://user:${SECRET}/x@host`],
    ['port out of range', `docker://user:${SECRET}@host:70000`],
    ['three ://', `docker://user:${SECRET}@https://host://x`],
    [':// in a query value', `docker://user:${SECRET}@h?docker_url=unix:///var/run/docker.sock`],
    ['invalid __extra__', `azure://user:${SECRET}@?__extra__=${encodeURIComponent(`{"client_secret": ${SECRET}`)}`],
    ['__extra__ that is a list', `azure://?__extra__=${encodeURIComponent(`["${SECRET}"]`)}`],
    ['unbalanced IPv6 bracket', `docker://user:${SECRET}@[::1:80`],
  ] as const;

  it.each(bad)('rejects a URI with %s as ConnectionConfigError, naming the connection and origin', (_, uri) => {
    const e = parseError(uri);
    expect(isContainerHookError(e, 'ConnectionConfig')).toBe(true);
    expect(e.message).toContain('connection "bad_conn" (from AIRFLOW_CONN_BAD_CONN)');
  });

  it.each(bad)('never shows the password of a URI with %s', (_, uri) => {
    const e = parseError(uri);
    for (const text of [e.message, String(e), JSON.stringify(e), util.inspect(e), util.inspect(e, { showHidden: true, depth: 10 }), e.stack ?? '']) {
      expect(text).not.toContain(SECRET);
    }
    expect(e.cause).toBeUndefined();
  });

  it('gives the fix for an underscore scheme', () => {
    expect(parseError('azure_container_instance://?tenantId=t').message).toContain('"azure-container-instance://"');
  });

  it('gives the percent-encoding fix for a bad port', () => {
    expect(parseError('docker://u:p@h:x').message).toMatch(/percent-encode .*%2F/);
  });
});

describe('normalizeConnType and dejsonExtra', () => {
  it('normalises as Airflow _normalize_conn_type', () => {
    expect(normalizeConnType('postgresql')).toBe('postgres');
    expect(normalizeConnType('azure-container-instance')).toBe('azure_container_instance');
    expect(normalizeConnType('docker')).toBe('docker');
  });

  it('parses string values only', () => {
    expect(dejsonExtra({ a: '1', b: 2, c: '[1]', d: 'x', e: { f: '1' } })).toEqual({ a: 1, b: 2, c: [1], d: 'x', e: { f: '1' } });
  });
});
