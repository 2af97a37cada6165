import createDebug from 'debug';
import type Docker from 'dockerode';
import type { AuthConfig } from 'dockerode';
import { isAbortError, throwIfAborted, type Connection, type ContainerGroup } from '@container-hook/core';
import { getAuthConfig } from 'testcontainers/build/container-runtime/auth/get-auth-config.js';
import { isNotFound, messageOf } from './errors.js';
import { normaliseRegistry, toImages, toRegistryHost } from './mapping.js';
import { awaitProgress } from './progress.js';
import type { StoredEvent } from './state.js';

const log = createDebug('container-hook:docker');

/** One pull event per container using the image (the engine keeps no pull history: these are stored on the sandbox). Pure. */
export function toPullEvents(containers: readonly string[], name: string, type: StoredEvent['type'], message: string, time: string): StoredEvent[] {
  return containers.map((container) => ({ container, name, type, message, time }));
}

/**
 * Registry credentials for an image's registry host from what the group and the connection give, first
 * match wins: the group's `imageRegistryCredentials` for that registry; the connection's login/password
 * when its host (and port) is that registry. Pure.
 */
export function toRegistryAuth(host: string, group: ContainerGroup, connection: Connection | undefined): AuthConfig | undefined {
  const cred = group.imageRegistryCredentials?.find((r) => normaliseRegistry(r.server) === host);
  if (cred?.username !== undefined) return { username: cred.username, password: cred.password ?? '', serveraddress: host };
  if (connection?.host && connection.login !== undefined) {
    const connHost = normaliseRegistry(connection.port !== undefined && !connection.host.includes(':') ? `${connection.host}:${connection.port}` : connection.host);
    if (connHost === host) return { username: connection.login, password: connection.password ?? '', serveraddress: host };
  }
  return undefined;
}

/**
 * Registry credentials for an image, first match wins: {@link toRegistryAuth}, then `~/.docker/config.json`
 * (auths, credential helpers and stores, as testcontainers reads it).
 */
export async function authFor(image: string, group: ContainerGroup, connection: Connection | undefined): Promise<AuthConfig | undefined> {
  const host = toRegistryHost(image);
  const given = toRegistryAuth(host, group, connection);
  if (given) return given;
  const fromConfig = await getAuthConfig(host === 'docker.io' ? 'https://index.docker.io/v1/' : host).catch(() => undefined);
  if (fromConfig && 'username' in fromConfig) return { username: fromConfig.username, password: fromConfig.password, serveraddress: host };
  if (fromConfig && 'identityToken' in fromConfig) return { serveraddress: host, identitytoken: fromConfig.identityToken } as AuthConfig;
  return undefined;
}

async function isPresent(docker: Docker, image: string, signal: AbortSignal | undefined): Promise<boolean> {
  return docker
    .getImage(image)
    .inspect({ abortSignal: signal } as object)
    .then(
      () => true,
      (e: unknown) => {
        if (isNotFound(e)) return false;
        throw e;
      },
    );
}

/**
 * Each image of the normalised group: present → used; else pulled with credentials ({@link authFor}).
 * Returns the pull events; a failed pull is not thrown but gives a `Failed` (Warning) event, as in ACI.
 */
export async function pullImages(
  docker: Docker,
  spec: ContainerGroup,
  group: ContainerGroup,
  connection: Connection | undefined,
  signal: AbortSignal | undefined,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (const [image, users] of toImages(spec)) {
    throwIfAborted(signal);
    if (await isPresent(docker, image, signal)) continue;
    events.push(...toPullEvents(users, 'Pulling', 'Normal', `pulling image "${image}"`, new Date().toISOString()));
    try {
      const authconfig = await authFor(image, group, connection);
      const stream = await docker.pull(image, { ...(authconfig ? { authconfig } : {}), abortSignal: signal } as object);
      await awaitProgress(docker, stream);
      events.push(...toPullEvents(users, 'Pulled', 'Normal', `Successfully pulled image "${image}"`, new Date().toISOString()));
    } catch (e) {
      if (isAbortError(e)) throw e;
      const done = new Date().toISOString();
      log('pull of %s failed: %s', image, messageOf(e));
      events.push(...toPullEvents(users, 'Failed', 'Warning', `Failed to pull image "${image}": ${messageOf(e)}`, done));
    }
  }
  return events;
}
