import { Console } from 'node:console';
import { Writable } from 'node:stream';
import util from 'node:util';
import { describe, expect, it } from 'vitest';
import { isContainerHookError } from '../errors.js';
import { Connection } from './connection.js';
import { parseConnectionJson } from './from-env.js';
import { parseConnectionUri } from './uri.js';

const PASSWORD = 'Pa55w0rd-Secret!';
const KEY_JSON = 'key-json-private-key-material';
const CLIENT_SECRET = 'client-secret-value-xyz';
const SECURE_VALUE = 'secure-value-xyz';

/** Everything a user may print a value with. */
function renderings(value: unknown): string[] {
  let logged = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  const console = new Console({ stdout: sink, stderr: sink });
  console.log(value);
  console.log('%s %o %O %j', value, value, value, value);
  console.error({ nested: { connection: value } });
  return [
    String(value),
    `${value as string}`,
    JSON.stringify(value),
    JSON.stringify({ wrapped: value }),
    util.inspect(value),
    util.inspect(value, { showHidden: true, depth: 10 }),
    util.inspect({ deep: { deeper: value } }, { showHidden: true, depth: null }),
    util.format('%o', value),
    logged,
  ];
}

function secretConnection(): Connection {
  return parseConnectionJson('aci', {
    conn_type: 'azure_container_instance',
    login: 'my-client-id',
    password: PASSWORD,
    extra: {
      tenantId: 'my-tenant',
      key_json: { type: 'service_account', private_key: KEY_JSON },
      client_secret: CLIENT_SECRET,
      containers: [{ environmentVariables: [{ name: 'TOKEN', secureValue: SECURE_VALUE }] }],
      nested: JSON.stringify({ clientSecret: CLIENT_SECRET }),
    },
  });
}

describe('Connection redaction', () => {
  it('keeps the secrets readable for the backend', () => {
    const c = secretConnection();
    expect(c.password).toBe(PASSWORD);
    expect(c.extra.client_secret).toBe(CLIENT_SECRET);
    expect(c.extra.key_json).toEqual({ type: 'service_account', private_key: KEY_JSON });
  });

  it.each([PASSWORD, KEY_JSON, CLIENT_SECRET, SECURE_VALUE])('never prints %s', (secret) => {
    for (const text of renderings(secretConnection())) expect(text).not.toContain(secret);
  });

  it('still shows what is not secret', () => {
    const text = util.inspect(secretConnection());
    expect(text).toContain('my-client-id');
    expect(text).toContain('my-tenant');
    expect(text).toContain('***');
  });

  it('hides the password of a connection parsed from a URI', () => {
    const c = parseConnectionUri('aci', `azure-container-instance://id:${encodeURIComponent(PASSWORD)}@?tenantId=t&client_secret=${CLIENT_SECRET}`);
    for (const text of renderings(c)) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(CLIENT_SECRET);
    }
  });

  it('does not expose the password as an own property', () => {
    const c = secretConnection();
    expect(Object.keys(c)).not.toContain('password');
    expect(Object.values(c)).not.toContain(PASSWORD);
    expect({ ...c }).not.toHaveProperty('password');
  });

  it.each([
    ['a port that is not a number', `docker://user:${PASSWORD}@host:x`],
    ['an unencoded / in the password', `docker://user:${PASSWORD}/x@host`],
    ['an underscore scheme', `azure_container_instance://id:${PASSWORD}@?client_secret=${CLIENT_SECRET}`],
    ['an invalid __extra__', `azure://id:${PASSWORD}@?__extra__=${encodeURIComponent(`{"client_secret": "${CLIENT_SECRET}"`)}`],
  ])('shows no secret in the error for a URI with %s', (_, uri) => {
    let error: unknown;
    try {
      parseConnectionUri('bad', uri);
    } catch (e) {
      error = e;
    }
    expect(isContainerHookError(error, 'ConnectionConfig')).toBe(true);
    for (const text of [...renderings(error), (error as Error).stack ?? '']) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(CLIENT_SECRET);
    }
  });
});
