import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import util from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isContainerHookError } from '../errors.js';
import type { Connection } from './connection.js';
import { connectionsFileFormat, connectionsFilePath, parseConnectionsFile, readConnectionsFile } from './from-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'container-hook-connections-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

function plain(c: Connection | undefined) {
  return c && { ...c.toJSON(), password: c.password, extra: { ...c.extra } };
}

const ACI_SECRET = 'aci-client-secret-value';
const ACI_EXTRA = { tenantId: 'my-tenant', subscriptionId: 'my-sub', key_json: { type: 'service_account' } };

const EXPECTED = {
  aci: {
    connId: 'aci',
    connType: 'azure_container_instance',
    description: 'ACI in my-sub',
    host: undefined,
    login: 'my-client-id',
    password: ACI_SECRET,
    port: undefined,
    schema: undefined,
    extra: ACI_EXTRA,
  },
  docker_registry: {
    connId: 'docker_registry',
    connType: 'docker',
    description: undefined,
    host: 'https://index.docker.io/v1',
    login: 'username',
    password: 'p@ss:w/rd',
    port: 80,
    schema: undefined,
    extra: { email: 'myemail@my.com', reauth: 'False' },
  },
};

// `airflow connections export connections.json`: indent 2, every field present, extra the stored JSON string.
const EXPORT_JSON = `{
  "aci": {
    "conn_type": "azure_container_instance",
    "description": "ACI in my-sub",
    "login": "my-client-id",
    "password": "${ACI_SECRET}",
    "host": "",
    "port": null,
    "schema": "",
    "extra": ${JSON.stringify(JSON.stringify(ACI_EXTRA))}
  },
  "docker_registry": {
    "conn_type": "docker",
    "description": null,
    "login": "username",
    "password": "p@ss:w/rd",
    "host": "https://index.docker.io/v1",
    "port": 80,
    "schema": null,
    "extra": "{\\"email\\": \\"myemail@my.com\\", \\"reauth\\": \\"False\\"}"
  }
}
`;

// `airflow connections export connections.yaml`: yaml.dump sorts the keys; extra is the stored JSON string.
const EXPORT_YAML = `aci:
  conn_type: azure_container_instance
  description: ACI in my-sub
  extra: '${JSON.stringify(ACI_EXTRA)}'
  host: ''
  login: my-client-id
  password: ${ACI_SECRET}
  port: null
  schema: ''
docker_registry:
  conn_type: docker
  description: null
  extra: '{"email": "myemail@my.com", "reauth": "False"}'
  host: https://index.docker.io/v1
  login: username
  password: p@ss:w/rd
  port: 80
  schema: null
`;

// `airflow connections export connections.env` (URI serialisation, the default) and --serialization-format json.
const EXPORT_ENV = `aci=azure-container-instance://my-client-id:${ACI_SECRET}@?__extra__=${encodeURIComponent(JSON.stringify(ACI_EXTRA))}
docker_registry=docker://username:${encodeURIComponent('p@ss:w/rd')}@${encodeURIComponent('https://index.docker.io/v1')}:80?email=myemail%40my.com&reauth=False
`;

describe('readConnectionsFile: the shapes airflow connections export writes', () => {
  it('reads the JSON export', async () => {
    const connections = await readConnectionsFile(await fixture('export.json', EXPORT_JSON));
    expect([...connections.keys()]).toEqual(['aci', 'docker_registry']);
    expect(plain(connections.get('aci'))).toEqual(EXPECTED.aci);
    expect(plain(connections.get('docker_registry'))).toEqual(EXPECTED.docker_registry);
  });

  it('reads the YAML export, as .yaml and as .yml', async () => {
    for (const name of ['export.yaml', 'export.yml']) {
      const connections = await readConnectionsFile(await fixture(name, EXPORT_YAML));
      expect(plain(connections.get('aci'))).toEqual(EXPECTED.aci);
      expect(plain(connections.get('docker_registry'))).toEqual(EXPECTED.docker_registry);
    }
  });

  it('reads the .env export with URI values (description is not part of a URI)', async () => {
    const connections = await readConnectionsFile(await fixture('export.env', EXPORT_ENV));
    expect(plain(connections.get('aci'))).toEqual({ ...EXPECTED.aci, description: undefined });
    expect(plain(connections.get('docker_registry'))).toEqual(EXPECTED.docker_registry);
  });

  it('reads the .env export with JSON values (--serialization-format json), comments and blank lines', async () => {
    const aci = JSON.stringify({ conn_type: 'azure_container_instance', description: 'ACI in my-sub', login: 'my-client-id', password: ACI_SECRET, host: '', port: null, schema: '', extra: JSON.stringify(ACI_EXTRA) });
    const connections = await readConnectionsFile(await fixture('json.env', `# exported\n\n${aci.replace(/^/, 'aci=')}\r\n   # indented comment\n`));
    expect(plain(connections.get('aci'))).toEqual(EXPECTED.aci);
  });
});

describe('readConnectionsFile: what airflow connections import and LocalFilesystemBackend also read', () => {
  it('reads URI string values, extra_dejson objects, extra objects and one-element lists', async () => {
    const path = await fixture(
      'import.yaml',
      `docker_default: docker://
aci:
  conn_type: azure-container-instance
  login: my-client-id
  password: ${ACI_SECRET}
  description: ACI in my-sub
  extra_dejson:
    tenantId: my-tenant
    subscriptionId: my-sub
    key_json: {type: service_account}
as_object:
  conn_type: docker
  extra: {docker_url: 'tcp://localhost:2375', tls: 'true'}
listed:
  - docker://registry.example.com
`,
    );
    const connections = await readConnectionsFile(path);
    expect(plain(connections.get('aci'))).toEqual(EXPECTED.aci);
    expect(connections.get('docker_default')?.connType).toBe('docker');
    expect(connections.get('as_object')?.extra).toEqual({ docker_url: 'tcp://localhost:2375', tls: true });
    expect(connections.get('listed')?.host).toBe('registry.example.com');
  });

  it('keeps plain YAML scalars of string fields as written (0123 stays "0123", not 123)', async () => {
    const path = await fixture('scalars.yaml', 'c:\n  conn_type: docker\n  login: 0123\n  password: 1e3\n  port: "5000"\n');
    const c = (await readConnectionsFile(path)).get('c');
    expect([c?.login, c?.password, c?.port]).toEqual(['0123', '1e3', 5000]);
  });

  it('reads a JSON file whose values are URIs', async () => {
    const path = await fixture('uris.json', JSON.stringify({ azure_default: 'azure://?key_path=%2Fkeys%2Fkey.json' }));
    expect((await readConnectionsFile(path)).get('azure_default')?.extra).toEqual({ key_path: '/keys/key.json' });
  });
});

describe('readConnectionsFile: errors name the file and the fix', () => {
  const SECRET = 'file-secret-value';

  it('reports a missing file with how to create it', async () => {
    const path = join(dir, 'missing.json');
    const e = await rejection(readConnectionsFile(path));
    expect(isContainerHookError(e, 'ConnectionConfig')).toBe(true);
    expect(e.message).toContain(`connections file "${path}" (named by CONTAINER_HOOK_CONNECTIONS_FILE) does not exist`);
    expect(e.message).toContain('airflow connections export');
  });

  it('reports an unreadable file', async () => {
    const e = await rejection(readConnectionsFile(await (async () => {
      const path = join(dir, 'a-directory.json');
      await import('node:fs/promises').then((fs) => fs.mkdir(path, { recursive: true }));
      return path;
    })()));
    expect(e.message).toMatch(/could not be read \(EISDIR\); check that it is a readable file/);
  });

  it('reports an unsupported extension', async () => {
    const e = await rejection(readConnectionsFile(await fixture('connections.txt', '')));
    expect(e.message).toMatch(/unsupported extension; name it \*\.json, \*\.yaml, \*\.yml or \*\.env/);
  });

  it.each([
    ['empty.json', '  \n', /is empty; write a JSON object/],
    ['broken.json', `{\n  "c": {"conn_type": "docker", "password": ${SECRET}}\n}`, /is not valid JSON; fix it/],
    ['trailing-comma.json', `{\n  "c": {"password": "${SECRET}"},\n}`, /is not valid JSON at line 3 column 1; fix it/],
    ['list.json', '[]', /does not hold a JSON object/],
    ['empty.yaml', '', /is empty/],
    ['broken.yaml', `c:\n  password: "${SECRET}\n  login: x\n`, /is not valid YAML at line \d+ column \d+ \(\w+\)/],
    ['duplicate.yaml', `c: docker://\nc: docker://u:${SECRET}@h\n`, /is not valid YAML at line 2 column 1 \(DUPLICATE_KEY\)/],
    ['scalar.yaml', 'just text', /does not hold a mapping/],
    ['number-value.yaml', 'c: 5', /defines connection "c" with neither a URI string nor an object/],
    ['two-values.yaml', `c:\n  - docker://\n  - docker://u:${SECRET}@h\n`, /has 2 values for connection "c"; keep only one/],
    ['no-equals.env', `c=docker://\nd docker://u:${SECRET}@h\n`, /line 2 has no "="/],
    ['no-value.env', 'c=\n', /line 1 has no value for connection "c"/],
    ['no-key.env', `=docker://u:${SECRET}@h\n`, /line 1 has no connection id/],
    ['repeated.env', `c=docker://\n# again\nc=docker://u:${SECRET}@h\n`, /defines connection "c" more than once \(lines 1 and 3\); keep only one/],
  ])('rejects %s', async (name, text, message) => {
    const path = await fixture(name, text);
    const e = await rejection(readConnectionsFile(path));
    expect(isContainerHookError(e, 'ConnectionConfig')).toBe(true);
    expect(e.message).toContain(`connections file "${path}"`);
    expect(e.message).toMatch(message);
    expect(`${e.message} ${util.inspect(e)} ${JSON.stringify(e)}`).not.toContain(SECRET);
  });

  it('rejects an invalid entry naming the file and the connection, not the secret', async () => {
    const path = await fixture('bad-entry.json', JSON.stringify({ c: { conn_type: 'docker', password: SECRET, extra: '{', extra_dejson: {} } }));
    const e = await rejection(readConnectionsFile(path));
    expect(e.message).toContain(`connection "c" (from ${path}) has both "extra" and "extra_dejson"`);
    expect(`${e.message} ${util.inspect(e)} ${JSON.stringify(e)}`).not.toContain(SECRET);
  });

  it('rejects a bad URI value naming the file', async () => {
    const path = await fixture('bad-uri.env', `c=docker://u:${SECRET}@h:port\n`);
    const e = await rejection(readConnectionsFile(path));
    expect(e.message).toContain(`connection "c" (from ${path}) has an invalid URI`);
    expect(`${e.message} ${util.inspect(e)}`).not.toContain(SECRET);
  });
});

describe('connectionsFilePath and connectionsFileFormat', () => {
  it('resolves CONTAINER_HOOK_CONNECTIONS_FILE against the working directory; unset or blank is none', () => {
    expect(connectionsFilePath({ CONTAINER_HOOK_CONNECTIONS_FILE: 'conns.yaml' })).toBe(join(process.cwd(), 'conns.yaml'));
    expect(connectionsFilePath({ CONTAINER_HOOK_CONNECTIONS_FILE: ' ' })).toBeUndefined();
    expect(connectionsFilePath({})).toBeUndefined();
  });

  it('picks the format from the extension, case-insensitively', () => {
    expect(['a.JSON', 'a.yaml', 'a.YML', 'dir.d/.env'].map(connectionsFileFormat)).toEqual(['json', 'yaml', 'yaml', 'env']);
  });

  it('parses text without a file', () => {
    expect(parseConnectionsFile('c=docker://h', 'env', 'inline').get('c')?.host).toBe('h');
  });
});
