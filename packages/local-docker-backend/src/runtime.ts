import Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import { ConnectionConfigError, UnsupportedFeatureError, type Connection } from '@container-hook/core';
import { ConfigurationStrategy } from 'testcontainers/build/container-runtime/strategies/configuration-strategy.js';
import { RootlessUnixSocketStrategy } from 'testcontainers/build/container-runtime/strategies/rootless-unix-socket-strategy.js';
import { TestcontainersHostStrategy } from 'testcontainers/build/container-runtime/strategies/testcontainers-host-strategy.js';
import { UnixSocketStrategy } from 'testcontainers/build/container-runtime/strategies/unix-socket-strategy.js';
import { BACKEND } from './unsupported.js';

/** Where the engine is and how dockerode reaches it. */
export interface EngineAddress {
  /** As a URI (`unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`), for messages. */
  uri: string;
  options: DockerOptions;
  /** Which rule picked it: `docker_url`, or the testcontainers strategy's name. */
  source: string;
}

/** The default socket, named in errors when no strategy found anything. */
export const DEFAULT_SOCKET_URI = 'unix:///var/run/docker.sock';

/**
 * Parses a `docker_url` (Airflow's Docker connection extra): `unix:///path` or `tcp://host:port`.
 * @throws {UnsupportedFeatureError} for `npipe://` (Windows named pipes are not supported).
 * @throws {ConnectionConfigError} for anything else.
 */
export function parseDockerUrl(url: string): EngineAddress {
  const trimmed = url.trim();
  if (trimmed.startsWith('unix://')) {
    const socketPath = trimmed.slice('unix://'.length);
    if (socketPath === '') throw new ConnectionConfigError(`docker_url "${trimmed}" names no socket; use unix:///var/run/docker.sock`);
    return { uri: trimmed, options: { socketPath }, source: 'docker_url' };
  }
  if (trimmed.startsWith('npipe:')) {
    throw new UnsupportedFeatureError(BACKEND, 'connection.extra.docker_url', 'Windows named pipes (npipe://) are not supported; use unix:// or tcp://');
  }
  if (/^(tcp|http|https):\/\//.test(trimmed)) {
    const u = new URL(trimmed);
    const protocol = u.protocol === 'https:' ? 'https' : 'http';
    const port = u.port === '' ? (protocol === 'https' ? 2376 : 2375) : Number(u.port);
    return { uri: trimmed, options: { host: u.hostname, port, protocol }, source: 'docker_url' };
  }
  throw new ConnectionConfigError(`docker_url "${trimmed}" is neither unix://… nor tcp://…; fix the connection's extra`);
}

/**
 * The engine address: the connection's extra `docker_url` when set, else the first applicable
 * testcontainers strategy, in testcontainers' order (`tc.host` of Testcontainers Desktop/Cloud, `DOCKER_HOST`
 * and `~/.testcontainers.properties`, the default socket, rootless sockets), else the default socket (so
 * that an error can name it).
 */
export async function resolveEngineAddress(connection: Connection | undefined): Promise<EngineAddress> {
  const url = connection?.extra?.['docker_url'];
  if (typeof url === 'string' && url.trim() !== '') return parseDockerUrl(url);
  const strategies = [new TestcontainersHostStrategy(), new ConfigurationStrategy(), new UnixSocketStrategy(), new RootlessUnixSocketStrategy()];
  for (const strategy of strategies) {
    const result = await strategy.getResult().catch(() => undefined);
    if (result) return { uri: result.uri, options: result.dockerOptions, source: strategy.getName() };
  }
  return { uri: DEFAULT_SOCKET_URI, options: { socketPath: '/var/run/docker.sock' }, source: 'default' };
}

/** A dockerode client for an address. */
export function toDockerode(address: EngineAddress): Docker {
  return new Docker({ ...address.options, headers: { ...address.options.headers, 'User-Agent': 'container-hook' } });
}
