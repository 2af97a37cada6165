/**
 * The credential, subscription and endpoints of an ACI connection, in Airflow's order:
 * 1. an auth file — the `key_path` extra (a `.json` file), the `key_json` extra, or `AZURE_AUTH_LOCATION` —
 *    in the Azure SDK auth-file shape (`az ad sp create-for-rbac --sdk-auth`), whose endpoints are honoured;
 * 2. a service principal from `login` (client id), `password` (client secret) and the `tenantId` extra, or a
 *    client certificate when the `client_certificate_path` extra names one;
 * 3. otherwise `DefaultAzureCredential` (environment, workload identity, managed identity, Azure CLI, …)
 *    with the `managed_identity_client_id` / `workload_identity_tenant_id` extras.
 * `cloud_environment` picks a sovereign cloud's authority and ARM endpoint; explicit `resource_manager_endpoint`,
 * `authority_host` and `ca_certificate_path` extras serve the ACI emulator or Azure Stack. Without any of
 * these, `DefaultAzureCredential` takes its authority from `AZURE_AUTHORITY_HOST`, as the Azure SDK does.
 *
 * @see https://airflow.apache.org/docs/apache-airflow-providers-microsoft-azure/stable/connections/azure.html
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  type TokenCredential,
} from '@azure/identity';
import { ConnectionConfigError, type Connection } from '@container-hook/core';

/** What the ACI client is built from. */
export interface AciClientSettings {
  credential: TokenCredential;
  subscriptionId: string;
  /** The ARM endpoint, without a trailing slash. */
  endpoint: string;
  /** The token scope for that endpoint (`<endpoint>/.default`). */
  credentialScopes: string[];
  /** The Entra authority the credential asks for tokens, without a trailing slash. */
  authorityHost: string;
  /** An agent trusting the connection's CA (`ca_certificate_path`), for the client and its credential only. */
  agent: https.Agent | undefined;
  /** Which of Airflow's paths gave the credential (for `testConnection` messages; never a secret). */
  source: 'auth-file' | 'service-principal-secret' | 'service-principal-certificate' | 'default-azure-credential';
}

/** The clouds `cloud_environment` names, as Airflow's hook knows them. */
const CLOUDS: Readonly<Record<string, { authorityHost: string; endpoint: string }>> = {
  azurepubliccloud: { authorityHost: 'https://login.microsoftonline.com', endpoint: 'https://management.azure.com' },
  azureusgovernment: { authorityHost: 'https://login.microsoftonline.us', endpoint: 'https://management.usgovcloudapi.net' },
  azurechinacloud: { authorityHost: 'https://login.chinacloudapi.cn', endpoint: 'https://management.chinacloudapi.cn' },
};

/** The Azure SDK auth file (`--sdk-auth`): the fields the hook reads. */
interface AuthFile {
  clientId?: string;
  clientSecret?: string;
  subscriptionId?: string;
  tenantId?: string;
  activeDirectoryEndpointUrl?: string;
  resourceManagerEndpointUrl?: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** An extra by its name, or by the `extra__azure__`-prefixed name older Airflow versions wrote. */
function extraOf(connection: Connection, name: string): unknown {
  const extra = connection.extra;
  const value = extra[name] ?? extra[`extra__azure__${name}`];
  return value === '' || value === null ? undefined : value;
}

function stringExtra(connection: Connection, name: string): string | undefined {
  const value = extraOf(connection, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new ConnectionConfigError(`connection "${connection.connId}": the extra "${name}" must be a string`);
  }
  return String(value);
}

/** The auth file named by `key_path`, given in `key_json`, or named by `AZURE_AUTH_LOCATION`; undefined when none is. */
function readAuthFile(connection: Connection, env: NodeJS.ProcessEnv): AuthFile | undefined {
  const keyPath = stringExtra(connection, 'key_path');
  const keyJson = extraOf(connection, 'key_json');
  const location = keyPath ?? (keyJson === undefined ? env.AZURE_AUTH_LOCATION || undefined : undefined);
  if (location !== undefined) {
    // Airflow's own check and words.
    if (!location.endsWith('.json')) throw new ConnectionConfigError(`connection "${connection.connId}": Unrecognised extension for key file (${location}); an auth file ends in .json`);
    let text: string;
    try {
      text = readFileSync(location, 'utf8');
    } catch (e) {
      throw new ConnectionConfigError(`connection "${connection.connId}": the auth file ${location} cannot be read (${(e as Error).message})`, { cause: e });
    }
    return parseAuthFile(connection, text, location);
  }
  if (keyJson === undefined) return undefined;
  if (typeof keyJson === 'object') return keyJson as AuthFile;
  return parseAuthFile(connection, String(keyJson), 'the key_json extra');
}

function parseAuthFile(connection: Connection, text: string, where: string): AuthFile {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not a JSON object');
    return parsed as AuthFile;
  } catch {
    // No cause: JSON.parse's message quotes the text around the fault, which may be part of the secret.
    throw new ConnectionConfigError(`connection "${connection.connId}": ${where} is not an Azure SDK auth file (a JSON object with clientId, clientSecret, tenantId, subscriptionId)`);
  }
}

/**
 * The client settings of an ACI connection.
 * @param env - where `AZURE_AUTH_LOCATION` (and, for `DefaultAzureCredential`, `AZURE_AUTHORITY_HOST`) is read; the process environment by default.
 * @throws {ConnectionConfigError} when the connection cannot give a subscription, an auth file is unreadable,
 *   `cloud_environment` names an unknown cloud, or the CA file cannot be read.
 */
export function toClientSettings(connection: Connection, env: NodeJS.ProcessEnv = process.env): AciClientSettings {
  const authFile = readAuthFile(connection, env);
  const cloudName = stringExtra(connection, 'cloud_environment');
  const cloud = cloudName === undefined ? CLOUDS.azurepubliccloud! : CLOUDS[cloudName.toLowerCase()];
  if (!cloud) throw new ConnectionConfigError(`connection "${connection.connId}": unknown cloud_environment "${cloudName}"; use AzurePublicCloud, AzureUSGovernment or AzureChinaCloud`);

  const endpoint = trimSlash(stringExtra(connection, 'resource_manager_endpoint') ?? authFile?.resourceManagerEndpointUrl ?? cloud.endpoint);
  const explicitAuthority = stringExtra(connection, 'authority_host') ?? authFile?.activeDirectoryEndpointUrl;
  const caPath = stringExtra(connection, 'ca_certificate_path');
  let agent: https.Agent | undefined;
  if (caPath !== undefined) {
    try {
      agent = new https.Agent({ ca: readFileSync(caPath), keepAlive: true });
    } catch (e) {
      throw new ConnectionConfigError(`connection "${connection.connId}": the CA file ${caPath} (ca_certificate_path) cannot be read`, { cause: e });
    }
  }
  // MSAL asks the public cloud where an authority lives unless told not to: an authority of our own (the
  // emulator, Azure Stack) must turn that off, or every token request needs the internet.
  const identityOptionsFor = (authorityHost: string) => {
    const known = Object.values(CLOUDS).some((c) => c.authorityHost === authorityHost);
    return { authorityHost, ...(known ? {} : { disableInstanceDiscovery: true }), ...(agent ? { agent } : {}) };
  };
  const authorityHost = trimSlash(explicitAuthority ?? cloud.authorityHost);
  const identityOptions = identityOptionsFor(authorityHost);

  const subscriptionId = stringExtra(connection, 'subscriptionId') ?? authFile?.subscriptionId;
  if (!subscriptionId) {
    throw new ConnectionConfigError(`connection "${connection.connId}": no subscriptionId; set the subscriptionId extra (or use an auth file that has one)`);
  }
  const base = { subscriptionId, endpoint, credentialScopes: [`${endpoint}/.default`], agent, authorityHost };

  if (authFile) {
    if (!authFile.clientId || !authFile.clientSecret || !authFile.tenantId) {
      throw new ConnectionConfigError(`connection "${connection.connId}": the auth file lacks clientId, clientSecret or tenantId`);
    }
    return { ...base, source: 'auth-file', credential: new ClientSecretCredential(authFile.tenantId, authFile.clientId, authFile.clientSecret, identityOptions) };
  }

  const tenantId = stringExtra(connection, 'tenantId');
  const certificatePath = stringExtra(connection, 'client_certificate_path');
  if (connection.login && tenantId && certificatePath) {
    const certificatePassword = stringExtra(connection, 'client_certificate_password');
    return {
      ...base,
      source: 'service-principal-certificate',
      credential: new ClientCertificateCredential(tenantId, connection.login, { certificatePath, ...(certificatePassword ? { certificatePassword } : {}) }, identityOptions),
    };
  }
  const password = connection.password;
  if (connection.login && password && tenantId) {
    return { ...base, source: 'service-principal-secret', credential: new ClientSecretCredential(tenantId, connection.login, password, identityOptions) };
  }

  const managedIdentityClientId = stringExtra(connection, 'managed_identity_client_id');
  const workloadIdentityTenantId = stringExtra(connection, 'workload_identity_tenant_id');
  // As Airflow: both extras together configure the chain; otherwise it runs as the environment sets it up.
  const chain =
    managedIdentityClientId && workloadIdentityTenantId
      ? { managedIdentityClientId, workloadIdentityClientId: managedIdentityClientId, tenantId: workloadIdentityTenantId, additionallyAllowedTenants: [workloadIdentityTenantId] }
      : {};
  // The chain's members read AZURE_AUTHORITY_HOST only when no authorityHost is passed: when the connection
  // names no authority (nor a cloud), the environment's is honoured, as a bare DefaultAzureCredential would.
  const environmentAuthority = explicitAuthority === undefined && cloudName === undefined ? env.AZURE_AUTHORITY_HOST || undefined : undefined;
  const chainAuthority = environmentAuthority === undefined ? authorityHost : trimSlash(environmentAuthority);
  return {
    ...base,
    authorityHost: chainAuthority,
    source: 'default-azure-credential',
    credential: new DefaultAzureCredential({ ...identityOptionsFor(chainAuthority), ...chain } as never),
  };
}
