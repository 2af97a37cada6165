import { inspect } from 'node:util';
/**
 * toClientSettings without the network: which of Airflow's credential paths a connection takes, the
 * endpoint, scope and authority of each cloud, and the connection errors. That each path really obtains a
 * token is credentials.engine.test.ts's job (against the emulator).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { Connection, isContainerHookError } from '@container-hook/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toClientSettings } from './credentials.js';

const SUB = '00000000-0000-0000-0000-0000000000aa';
const SECRET = 'very-secret-value-123';
const aci = (fields: { login?: string; password?: string; extra?: Record<string, unknown> } = {}) =>
  new Connection({ connId: 'aci_test', connType: 'azure_container_instance', ...fields, extra: { subscriptionId: SUB, ...fields.extra } });
const sp = (extra: Record<string, unknown> = {}) => aci({ login: 'client-id', password: SECRET, extra: { tenantId: 'tenant-id', ...extra } });

let dir: string;
let authFile: string;
const authFileBody = {
  clientId: 'file-client',
  clientSecret: 'file-secret',
  subscriptionId: 'file-subscription',
  tenantId: 'file-tenant',
  activeDirectoryEndpointUrl: 'https://login.example.test/',
  resourceManagerEndpointUrl: 'https://management.example.test/',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aci-credentials-'));
  authFile = path.join(dir, 'auth.json');
  await writeFile(authFile, JSON.stringify(authFileBody));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The ConnectionConfigError `work` throws (failing when it throws none or another). */
function configError(work: () => unknown): Error {
  let error: unknown;
  try {
    work();
  } catch (e) {
    error = e;
  }
  expect(isContainerHookError(error, 'ConnectionConfig'), `expected a ConnectionConfigError, got ${String(error)}`).toBe(true);
  return error as Error;
}

describe('toClientSettings: the clouds', () => {
  it.each([
    [undefined, 'https://management.azure.com', 'https://login.microsoftonline.com'],
    ['AzurePublicCloud', 'https://management.azure.com', 'https://login.microsoftonline.com'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net', 'https://login.microsoftonline.us'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
    ['azurechinacloud', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
  ])('cloud_environment %s → its ARM endpoint, scope and authority (both credential paths)', (cloud, endpoint, authority) => {
    const extra = cloud === undefined ? {} : { cloud_environment: cloud };
    for (const connection of [sp(extra), aci({ extra })]) {
      const settings = toClientSettings(connection, {});
      expect(settings).toMatchObject({ endpoint, credentialScopes: [`${endpoint}/.default`], authorityHost: authority, subscriptionId: SUB });
    }
  });

  it('explicit resource_manager_endpoint and authority_host win over the cloud, without trailing slashes', () => {
    const settings = toClientSettings(sp({ cloud_environment: 'AzureChinaCloud', resource_manager_endpoint: 'https://127.0.0.1:8443/', authority_host: 'https://127.0.0.1:8443/' }), {});
    expect(settings).toMatchObject({ endpoint: 'https://127.0.0.1:8443', credentialScopes: ['https://127.0.0.1:8443/.default'], authorityHost: 'https://127.0.0.1:8443' });
  });

  it('an unknown cloud_environment → ConnectionConfigError naming the known ones', () => {
    const e = configError(() => toClientSettings(sp({ cloud_environment: 'AzureGermanCloud' }), {}));
    expect(e.message).toContain('AzureGermanCloud');
    expect(e.message).toContain('AzureUSGovernment');
  });

  it('DefaultAzureCredential takes AZURE_AUTHORITY_HOST when the connection names no authority or cloud', () => {
    expect(toClientSettings(aci(), { AZURE_AUTHORITY_HOST: 'https://login.example.test/' }).authorityHost).toBe('https://login.example.test');
    // A cloud or an authority_host in the connection wins.
    expect(toClientSettings(aci({ extra: { cloud_environment: 'AzureUSGovernment' } }), { AZURE_AUTHORITY_HOST: 'https://login.example.test' }).authorityHost).toBe('https://login.microsoftonline.us');
    expect(toClientSettings(aci({ extra: { authority_host: 'https://a.test' } }), { AZURE_AUTHORITY_HOST: 'https://login.example.test' }).authorityHost).toBe('https://a.test');
    // The service-principal path keeps Airflow's explicit authority (public cloud).
    expect(toClientSettings(sp(), { AZURE_AUTHORITY_HOST: 'https://login.example.test' }).authorityHost).toBe('https://login.microsoftonline.com');
  });
});

describe("toClientSettings: Airflow's credential order", () => {
  it('key_path (an auth file) comes first, with its endpoints and subscription', () => {
    const settings = toClientSettings(aci({ login: 'x', password: SECRET, extra: { subscriptionId: undefined, tenantId: 't', key_path: authFile } }), {});
    expect(settings.source).toBe('auth-file');
    expect(settings.credential).toBeInstanceOf(ClientSecretCredential);
    expect(settings).toMatchObject({ subscriptionId: 'file-subscription', endpoint: 'https://management.example.test', authorityHost: 'https://login.example.test' });
  });

  it('the subscriptionId extra wins over the auth file', () => {
    expect(toClientSettings(aci({ extra: { key_path: authFile } }), {}).subscriptionId).toBe(SUB);
  });

  it('key_json as a string and as an object', () => {
    for (const keyJson of [JSON.stringify(authFileBody), authFileBody]) {
      const settings = toClientSettings(aci({ extra: { key_json: keyJson } }), {});
      expect(settings).toMatchObject({ source: 'auth-file', endpoint: 'https://management.example.test' });
    }
  });

  it('AZURE_AUTH_LOCATION, read from the env given, when neither key_path nor key_json is set', () => {
    expect(toClientSettings(aci(), { AZURE_AUTH_LOCATION: authFile }).source).toBe('auth-file');
    expect(toClientSettings(sp({ key_json: { ...authFileBody, resourceManagerEndpointUrl: 'https://json.test' } }), { AZURE_AUTH_LOCATION: authFile }).endpoint).toBe('https://json.test');
    expect(toClientSettings(sp(), {}).source).toBe('service-principal-secret');
  });

  it('the extra__azure__ prefixed names older Airflow versions wrote', () => {
    const connection = new Connection({ connId: 'old', connType: 'azure_container_instance', login: 'c', password: SECRET, extra: { extra__azure__tenantId: 't', extra__azure__subscriptionId: 'old-sub' } });
    expect(toClientSettings(connection, {})).toMatchObject({ source: 'service-principal-secret', subscriptionId: 'old-sub' });
  });

  it('login, password and tenantId → a client secret; client_certificate_path → a client certificate', () => {
    expect(toClientSettings(sp(), {}).credential).toBeInstanceOf(ClientSecretCredential);
    const cert = toClientSettings(aci({ login: 'client-id', extra: { tenantId: 't', client_certificate_path: path.join(dir, 'cert.pem') } }), {});
    expect(cert.source).toBe('service-principal-certificate');
    expect(cert.credential).toBeInstanceOf(ClientCertificateCredential);
  });

  it('anything less → DefaultAzureCredential', () => {
    for (const connection of [aci(), aci({ login: 'client-id' }), aci({ login: 'client-id', password: SECRET }), aci({ extra: { tenantId: 't' } })]) {
      const settings = toClientSettings(connection, {});
      expect(settings.source).toBe('default-azure-credential');
      expect(settings.credential).toBeInstanceOf(DefaultAzureCredential);
    }
  });

  it('never puts a secret in what it reports', () => {
    const settings = toClientSettings(sp(), {});
    expect(JSON.stringify({ ...settings, credential: undefined, agent: undefined })).not.toContain(SECRET);
  });
});

describe('toClientSettings: connection errors', () => {
  it('key_path not ending in .json → ConnectionConfigError (Airflow’s words)', () => {
    const e = configError(() => toClientSettings(aci({ extra: { key_path: path.join(dir, 'auth.yaml') } }), {}));
    expect(e.message).toContain('Unrecognised extension for key file');
  });

  it('AZURE_AUTH_LOCATION not ending in .json → ConnectionConfigError', () => {
    configError(() => toClientSettings(aci(), { AZURE_AUTH_LOCATION: path.join(dir, 'auth.txt') }));
  });

  it('an unreadable or malformed auth file → ConnectionConfigError', () => {
    configError(() => toClientSettings(aci({ extra: { key_path: path.join(dir, 'missing.json') } }), {}));
    configError(() => toClientSettings(aci({ extra: { key_json: '{not json' } }), {}));
    // A malformed key_json keeps no cause: JSON.parse quotes the text around the fault, here the secret.
    const leaky = (() => {
      try {
        toClientSettings(aci({ extra: { key_json: '{"clientId":"x","clientSecret":Abc~DEF123secret}' } }), {});
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(leaky?.cause).toBeUndefined();
    expect(`${leaky?.message} ${inspect(leaky)}`).not.toContain('DEF123');
    configError(() => toClientSettings(aci({ extra: { key_json: '[1,2]' } }), {}));
  });

  it('an auth file without clientId, clientSecret or tenantId → ConnectionConfigError', () => {
    configError(() => toClientSettings(aci({ extra: { key_json: { ...authFileBody, clientSecret: undefined } } }), {}));
  });

  it('no subscriptionId anywhere → ConnectionConfigError saying where to set it, without the secret', () => {
    const connection = new Connection({ connId: 'nosub', connType: 'azure_container_instance', login: 'c', password: SECRET, extra: { tenantId: 't' } });
    const e = configError(() => toClientSettings(connection, {}));
    expect(e.message).toContain('subscriptionId');
    expect(e.message).not.toContain(SECRET);
  });

  it('an unreadable ca_certificate_path → ConnectionConfigError', () => {
    const e = configError(() => toClientSettings(sp({ ca_certificate_path: path.join(dir, 'no-ca.pem') }), {}));
    expect(e.message).toContain('ca_certificate_path');
  });

  it('an extra that is not a string → ConnectionConfigError', () => {
    configError(() => toClientSettings(sp({ cloud_environment: { name: 'AzurePublicCloud' } }), {}));
  });
});
