import type { ContainerGroup, EnvironmentVariable, LogAnalytics } from './model.js';

function hideEnvironmentVariables(env: EnvironmentVariable[]): EnvironmentVariable[] {
  // Other fields stay: a `secureValueReference` (newer API versions) names a secret, it is not one.
  return env.map((e) => (e.secureValue !== undefined ? { name: e.name } : Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as EnvironmentVariable));
}

/**
 * A copy of `group` with its secrets hidden the way ACI hides them in every response (PUT, GET, List):
 *
 * | field | returned as |
 * |---|---|
 * | `environmentVariables[]` with a `secureValue` (containers and init containers) | `{ name }` only |
 * | `volumes[].secret` (file name → content) | `{}` |
 * | `volumes[].azureFile.storageAccountKey` | dropped |
 * | `imageRegistryCredentials[].password` | dropped |
 * | `diagnostics.logAnalytics` | `{ workspaceId }` only |
 * | `extensions[].protectedSettings` | dropped |
 *
 * A backend calls it on whatever it returns from `createOrUpdate`, `getState` and `list`, so that no
 * secret it was given is ever read back. Pure: `group` is not changed, and the copy shares nothing with it.
 *
 * WARNING: a variable with a `secureValue` comes back as a name with no value, and `logAnalytics` comes
 * back without `workspaceKey` although its type requires one (as ACI answers).
 * @param group - the group as given or as the backend holds it; its instance views are kept.
 * @returns a deep copy with the secrets above removed.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
 */
export function hideSecrets(group: ContainerGroup): ContainerGroup {
  const g = structuredClone(group);
  for (const c of [...(g.containers ?? []), ...(g.initContainers ?? [])]) {
    if (c.environmentVariables) c.environmentVariables = hideEnvironmentVariables(c.environmentVariables);
  }
  if (g.volumes) {
    g.volumes = g.volumes.map((v) => {
      const copy = { ...v };
      if (copy.secret) copy.secret = {};
      if (copy.azureFile) {
        const { storageAccountKey: _key, ...rest } = copy.azureFile;
        copy.azureFile = rest;
      }
      return copy;
    });
  }
  if (g.imageRegistryCredentials) g.imageRegistryCredentials = g.imageRegistryCredentials.map(({ password: _password, ...rest }) => rest);
  if (g.diagnostics?.logAnalytics) {
    // ACI returns the workspace id only: the key and the workspace resource id are secrets (x-ms-secret).
    g.diagnostics = { ...g.diagnostics, logAnalytics: { workspaceId: g.diagnostics.logAnalytics.workspaceId } as LogAnalytics };
  }
  if (g.extensions) g.extensions = g.extensions.map(({ protectedSettings: _protected, ...rest }) => rest);
  return g;
}
