/**
 * The Azure CLI as a client of the emulator. `az` (2.45, Debian's) runs unmodified once a cloud whose
 * endpoints are the emulator is registered and its CA trusted: its MSAL asks the public cloud for
 * "instance discovery" for any authority but an ADFS one and has no switch to turn that off, so the CLI
 * logs in with the tenant `adfs` (as on Azure Stack Hub), which the emulator's token service serves.
 * @see https://learn.microsoft.com/cli/azure/manage-clouds-azure-cli
 */
import type { AciEmulatorDescription } from './emulator.js';

/** The cloud name the setup registers, unless told another. */
export const AZURE_CLI_CLOUD_NAME = 'aci-emulator';

/** What makes `az` a client of an emulator: the environment to export and the `az` invocations to run, in order. */
export interface AzureCliSetup {
  env: Record<string, string>;
  /** `az` arguments; `register` fails on a cloud of that name already registered: run `update` then. */
  register: string[];
  update: string[];
  select: string[];
  login: string[];
}

/**
 * The Azure CLI set-up for an emulator: a cloud whose resource manager, management and AD resource id are
 * its URL (with the trailing slash the CLI expects) and whose authority is its URL, the CA in
 * `REQUESTS_CA_BUNDLE`, and a service-principal login with the tenant `adfs`.
 */
export function toAzureCliSetup(emulator: Pick<AciEmulatorDescription, 'url' | 'caCertificatePath' | 'identity'>, cloudName = AZURE_CLI_CLOUD_NAME): AzureCliSetup {
  const base = `${emulator.url}/`;
  const endpoints = [
    '--endpoint-resource-manager', base,
    '--endpoint-management', base,
    '--endpoint-active-directory-resource-id', base,
    '--endpoint-active-directory-graph-resource-id', base,
    // The authority: the CLI appends the tenant (`adfs`), and MSAL skips discovery for an ADFS authority.
    '--endpoint-active-directory', emulator.url,
  ];
  return {
    env: { REQUESTS_CA_BUNDLE: emulator.caCertificatePath },
    register: ['cloud', 'register', '-n', cloudName, ...endpoints],
    update: ['cloud', 'update', '-n', cloudName, ...endpoints],
    select: ['cloud', 'set', '-n', cloudName],
    login: ['login', '--service-principal', '-u', emulator.identity.clientId, '-p', emulator.identity.clientSecret, '--tenant', 'adfs', '-o', 'none'],
  };
}

/** Quotes a word for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The set-up as lines to paste into a POSIX shell (registering the cloud, or updating it when it exists). */
export function formatAzureCliSetup(setup: AzureCliSetup): string {
  const az = (args: string[]) => ['az', ...args].map(shellQuote).join(' ');
  return [
    ...Object.entries(setup.env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    `${az(setup.register)} >/dev/null 2>&1 || ${az(setup.update)} >/dev/null`,
    `${az(setup.select)}`,
    `${az(setup.login)}`,
  ].join('\n');
}
