import util from 'node:util';
import { describe, expect, it } from 'vitest';
import { isContainerHookError } from '../errors.js';
import { connectionEnvVarName, connectionFromEnv, connectionsFromEnv, parseConnectionJson, parseConnectionValue } from './from-env.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('connectionFromEnv', () => {
  it('reads AIRFLOW_CONN_<CONN_ID> with the id upper-cased, URI form', () => {
    expect(connectionEnvVarName('my_prod_db')).toBe('AIRFLOW_CONN_MY_PROD_DB');
    const c = connectionFromEnv('azure_default', { AIRFLOW_CONN_AZURE_DEFAULT: 'azure://?key_path=%2Fkeys%2Fkey.json' });
    expect(c?.connId).toBe('azure_default');
    expect(c?.connType).toBe('azure');
    expect(c?.extra).toEqual({ key_path: '/keys/key.json' });
  });

  it('strips the value before choosing the form', () => {
    const c = connectionFromEnv('aci', { AIRFLOW_CONN_ACI: '  \n {"conn_type": "azure-container-instance", "login": "id"} \n' });
    expect(c?.connType).toBe('azure_container_instance');
    expect(c?.login).toBe('id');
    expect(connectionFromEnv('d', { AIRFLOW_CONN_D: '\n docker://h:2375 \n' })?.port).toBe(2375);
  });

  it('treats an unset or blank variable as not there, as Airflow does', () => {
    expect(connectionFromEnv('x', {})).toBeUndefined();
    expect(connectionFromEnv('x', { AIRFLOW_CONN_X: '   ' })).toBeUndefined();
    // A lower-case variable name is not the one Airflow reads.
    expect(connectionFromEnv('x', { AIRFLOW_CONN_x: 'docker://' })).toBeUndefined();
  });

  it('names the variable, not its value, when the value is malformed', () => {
    const e = thrown(() => connectionFromEnv('x', { AIRFLOW_CONN_X: '{"conn_type": "docker", "password": "hunter2-secret"' }));
    expect(isContainerHookError(e, 'ConnectionConfig')).toBe(true);
    expect(e.message).toContain('AIRFLOW_CONN_X');
    expect(e.message).toContain('not a valid JSON object');
    expect(`${e.message} ${util.inspect(e)} ${JSON.stringify(e)}`).not.toContain('hunter2-secret');
  });
});

describe('the JSON form (Connection.from_json)', () => {
  it('reads the example of Airflow docs', () => {
    const c = parseConnectionValue(
      'my_conn',
      JSON.stringify({
        conn_type: 'my-conn-type',
        login: 'my-login',
        password: 'my-password',
        host: 'my-host',
        port: 1234,
        schema: 'my-schema',
        extra: { param1: 'val1', param2: 'val2' },
      }),
    );
    expect({ ...c.toJSON(), password: c.password }).toEqual({
      connId: 'my_conn',
      connType: 'my_conn_type',
      description: undefined,
      host: 'my-host',
      login: 'my-login',
      password: 'my-password',
      port: 1234,
      schema: 'my-schema',
      extra: { param1: 'val1', param2: 'val2' },
    });
  });

  it('accepts extra as the stored JSON string, applies extra_dejson, and casts port to int', () => {
    const c = parseConnectionJson('aci', {
      conn_type: 'azure_container_instance',
      description: 'ACI',
      port: '443',
      extra: JSON.stringify({ tenantId: 't', retries: '3', nested: { a: 1 } }),
    });
    expect(c.description).toBe('ACI');
    expect(c.port).toBe(443);
    expect(c.extra).toEqual({ tenantId: 't', retries: 3, nested: { a: 1 } });
  });

  it('normalises postgresql and hyphens in conn_type', () => {
    expect(parseConnectionJson('p', { conn_type: 'postgresql' }).connType).toBe('postgres');
    expect(parseConnectionJson('a', { conn_type: 'azure-container-instance' }).connType).toBe('azure_container_instance');
  });

  it('treats null, "" and 0 as unset (the export writes null; Airflow drops a falsy port)', () => {
    const c = parseConnectionJson('d', { conn_type: 'docker', description: null, host: '', login: null, password: null, port: 0, schema: '', extra: null });
    expect(c.toJSON()).toEqual({ connId: 'd', connType: 'docker', extra: {} });
  });

  it('accepts a uri key, alone or with a description', () => {
    const c = parseConnectionJson('d', { uri: 'docker://u:p@h', description: 'registry' });
    expect([c.connType, c.host, c.login, c.password, c.description]).toEqual(['docker', 'h', 'u', 'p', 'registry']);
  });

  it.each([
    ['an unknown key', { conn_type: 'docker', hostname: 'h' }, /unknown key "hostname"; use only conn_id, conn_type/],
    ['no conn_type', { host: 'h' }, /has no "conn_type"/],
    ['a uri mixed with fields', { uri: 'docker://h', login: 'u' }, /has "uri" and also "login"/],
    ['a port that is not an integer', { conn_type: 'docker', port: 'http' }, /"port" that is not an integer/],
    ['a port out of range', { conn_type: 'docker', port: 99999 }, /"port" that is not an integer from 0 to 65535/],
    ['an extra that is not JSON', { conn_type: 'docker', extra: '{nope' }, /"extra" string that is not a JSON object/],
    ['an extra that is a list', { conn_type: 'docker', extra: [1] }, /"extra" that is neither an object/],
    ['a password that is an object', { conn_type: 'docker', password: { a: 1 } }, /"password" that is not a string/],
    ['a conn_id that differs', { conn_id: 'other', conn_type: 'docker' }, /"conn_id" "other", which differs/],
    ['extra_dejson in the env JSON form', { conn_type: 'docker', extra_dejson: {} }, /unknown key "extra_dejson"/],
  ])('rejects %s', (_, value, message) => {
    const e = thrown(() => parseConnectionJson('c', value as Record<string, unknown>, { origin: 'AIRFLOW_CONN_C' }));
    expect(isContainerHookError(e, 'ConnectionConfig')).toBe(true);
    expect(e.message).toMatch(message);
    expect(e.message).toContain('connection "c" (from AIRFLOW_CONN_C)');
  });

  it('never quotes a value in its errors', () => {
    const e = thrown(() => parseConnectionJson('c', { conn_type: 'docker', password: 'hunter2-secret', extra: '{"client_secret": hunter2-secret' }));
    expect(`${e.message} ${String(e)} ${util.inspect(e)} ${JSON.stringify(e)}`).not.toContain('hunter2-secret');
  });
});

describe('connectionsFromEnv', () => {
  it('lists every AIRFLOW_CONN_* variable under its lower-cased suffix, sorted, skipping blanks', () => {
    const listed = connectionsFromEnv({
      AIRFLOW_CONN_ZETA: 'docker://',
      AIRFLOW_CONN_MY_ACI: '{"conn_type": "azure_container_instance"}',
      AIRFLOW_CONN_BLANK: ' ',
      AIRFLOW_CONN_: 'docker://',
      PATH: '/bin',
    });
    expect(listed.map((l) => [l.connection.connId, l.connection.connType, l.origin])).toEqual([
      ['my_aci', 'azure_container_instance', 'AIRFLOW_CONN_MY_ACI'],
      ['zeta', 'docker', 'AIRFLOW_CONN_ZETA'],
    ]);
  });
});
