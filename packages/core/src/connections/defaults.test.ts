import { describe, expect, it } from 'vitest';
import { toBackendType } from './connection-types.js';
import { builtInConnection, builtInConnections, DOCKER_DEFAULT_CONN_ID } from './defaults.js';

describe('built-in connections', () => {
  it('has docker_default: local Docker, no engine address, no credentials', () => {
    const c = builtInConnection(DOCKER_DEFAULT_CONN_ID);
    expect(c?.toJSON()).toEqual({ connId: 'docker_default', connType: 'docker', extra: {} });
    expect(c?.password).toBeUndefined();
    expect(toBackendType(c?.connType ?? '')).toBe('docker');
  });

  it('lists only docker_default, as new instances', () => {
    expect(builtInConnections().map((c) => c.connId)).toEqual(['docker_default']);
    expect(builtInConnections()[0]).not.toBe(builtInConnections()[0]);
    expect(builtInConnection('azure_default')).toBeUndefined();
  });
});
