import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isContainerHookError } from '../errors.js';
import * as connections from './index.js';
import { getConnection, listConnections, listConnectionSources } from './index.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'container-hook-index-'));
  file = join(dir, 'connections.yaml');
  await writeFile(
    file,
    `docker_default:
  conn_type: docker
  extra: '{"docker_url": "tcp://from-file:2375"}'
aci:
  conn_type: azure_container_instance
  login: file-client
  password: file-secret
  extra: '{"tenantId": "file-tenant"}'
MixedCase: docker://mixed-host
only_in_file: docker://file-host
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('getConnection precedence: environment variable > connections file > built-ins', () => {
  it('returns the built-in docker_default with no configuration at all', async () => {
    const c = await getConnection('docker_default', { env: {} });
    expect(c.toJSON()).toEqual({ connId: 'docker_default', connType: 'docker', extra: {} });
  });

  it('prefers the connections file to the built-in', async () => {
    const c = await getConnection('docker_default', { env: { CONTAINER_HOOK_CONNECTIONS_FILE: file } });
    expect(c.extra).toEqual({ docker_url: 'tcp://from-file:2375' });
  });

  it('prefers AIRFLOW_CONN_<ID> to the file and the built-in', async () => {
    const env = {
      CONTAINER_HOOK_CONNECTIONS_FILE: file,
      AIRFLOW_CONN_DOCKER_DEFAULT: 'docker://?docker_url=tcp%3A%2F%2Ffrom-env%3A2375',
      AIRFLOW_CONN_ACI: 'azure-container-instance://env-client:env-secret@?tenantId=env-tenant',
    };
    expect((await getConnection('docker_default', { env })).extra).toEqual({ docker_url: 'tcp://from-env:2375' });
    const aci = await getConnection('aci', { env });
    expect([aci.login, aci.password, aci.extra.tenantId]).toEqual(['env-client', 'env-secret', 'env-tenant']);
  });

  it('does not read the file when the variable has the id', async () => {
    const env = { CONTAINER_HOOK_CONNECTIONS_FILE: join(dir, 'missing.yaml'), AIRFLOW_CONN_ACI: 'azure://?tenantId=t' };
    expect((await getConnection('aci', { env })).connType).toBe('azure');
  });

  it('matches file ids exactly and variables upper-cased', async () => {
    const env = { CONTAINER_HOOK_CONNECTIONS_FILE: file };
    expect((await getConnection('MixedCase', { env })).host).toBe('mixed-host');
    await expect(getConnection('mixedcase', { env })).rejects.toMatchObject({ code: 'ConnectionNotFound' });
    expect((await getConnection('MixedCase', { env: { AIRFLOW_CONN_MIXEDCASE: 'docker://env-host' } })).host).toBe('env-host');
  });

  it('reads process.env by default', async () => {
    vi.stubEnv('AIRFLOW_CONN_DOCKER_DEFAULT', 'docker://stubbed-registry');
    try {
      expect((await getConnection('docker_default')).host).toBe('stubbed-registry');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('throws ConnectionNotFoundError for an unknown id, naming where to define it', async () => {
    const e = await getConnection('nope', { env: { CONTAINER_HOOK_CONNECTIONS_FILE: file } }).catch((err: unknown) => err);
    expect(isContainerHookError(e, 'ConnectionNotFound')).toBe(true);
    expect((e as Error).message).toContain('AIRFLOW_CONN_NOPE');
  });

  it('reports a named but missing connections file even when a built-in has the id', async () => {
    const e = await getConnection('docker_default', { env: { CONTAINER_HOOK_CONNECTIONS_FILE: join(dir, 'missing.yaml') } }).catch((err: unknown) => err);
    expect(isContainerHookError(e, 'ConnectionConfig')).toBe(true);
    expect((e as Error).message).toContain('missing.yaml');
  });
});

describe('listConnectionSources and listConnections', () => {
  it('lists every source, de-duplicated by precedence, sorted by id, each with its source', async () => {
    const env = {
      CONTAINER_HOOK_CONNECTIONS_FILE: file,
      AIRFLOW_CONN_ACI: 'azure-container-instance://env-client:env-secret@?tenantId=env-tenant',
      AIRFLOW_CONN_MIXEDCASE: 'docker://env-mixed',
      AIRFLOW_CONN_ENV_ONLY: '{"conn_type": "docker"}',
    };
    const listed = await listConnectionSources({ env });
    expect(listed.map((l) => [l.connection.connId, l.connection.connType, l.source, l.origin])).toEqual([
      ['aci', 'azure_container_instance', 'env', 'AIRFLOW_CONN_ACI'],
      ['docker_default', 'docker', 'file', file],
      ['env_only', 'docker', 'env', 'AIRFLOW_CONN_ENV_ONLY'],
      ['mixedcase', 'docker', 'env', 'AIRFLOW_CONN_MIXEDCASE'],
      ['only_in_file', 'docker', 'file', file],
    ]);
    expect((await listConnections({ env })).map((c) => c.connId)).toEqual(['aci', 'docker_default', 'env_only', 'mixedcase', 'only_in_file']);
  });

  it('lists the built-in when nothing else defines it', async () => {
    expect((await listConnectionSources({ env: {} })).map((l) => [l.connection.connId, l.source, l.origin])).toEqual([['docker_default', 'builtin', 'built-in']]);
    const env = { AIRFLOW_CONN_DOCKER_DEFAULT: 'docker://registry' };
    expect((await listConnectionSources({ env })).map((l) => [l.connection.connId, l.source])).toEqual([['docker_default', 'env']]);
  });

  it('shows no password when a listing is printed', async () => {
    const listed = await listConnectionSources({ env: { CONTAINER_HOOK_CONNECTIONS_FILE: file } });
    expect(JSON.stringify(listed)).not.toContain('file-secret');
  });
});

describe('the connections public list', () => {
  it('exports these names', () => {
    expect(Object.keys(connections).sort()).toMatchInlineSnapshot(`
      [
        "CONNECTIONS_FILE_ENV",
        "CONNECTION_TYPE_ALIASES",
        "CONN_ENV_PREFIX",
        "Connection",
        "DOCKER_DEFAULT_CONN_ID",
        "EXTRA_KEY",
        "KnownConnectionTypes",
        "builtInConnection",
        "builtInConnections",
        "connectionEnvVarName",
        "connectionFromEnv",
        "connectionsFileFormat",
        "connectionsFilePath",
        "connectionsFromEnv",
        "dejsonExtra",
        "getConnection",
        "listConnectionSources",
        "listConnections",
        "normalizeConnType",
        "parseConnectionJson",
        "parseConnectionUri",
        "parseConnectionValue",
        "parseConnectionsFile",
        "readConnectionsFile",
        "toBackendType",
      ]
    `);
  });
});
