import { describe, expect, it } from 'vitest';
import { Connection, type ContainerGroup } from '@container-hook/core';
import { toPullEvents, toRegistryAuth } from './images.js';

describe('toPullEvents', () => {
  it('gives one event per container using the image', () => {
    expect(toPullEvents(['init', 'app'], 'Pulled', 'Normal', 'Successfully pulled image "x"', 'T')).toEqual([
      { container: 'init', name: 'Pulled', type: 'Normal', message: 'Successfully pulled image "x"', time: 'T' },
      { container: 'app', name: 'Pulled', type: 'Normal', message: 'Successfully pulled image "x"', time: 'T' },
    ]);
  });
});

describe('toRegistryAuth', () => {
  const group = (creds: ContainerGroup['imageRegistryCredentials']): ContainerGroup => ({ osType: 'Linux', containers: [], imageRegistryCredentials: creds });
  const conn = (extra: Partial<ConstructorParameters<typeof Connection>[0]>) => new Connection({ connId: 'c', connType: 'docker', ...extra });

  it("takes the group's credentials for the image's registry, as users write the server", () => {
    const g = group([
      { server: 'other.example', username: 'o', password: 'x' },
      { server: 'https://Reg.Example:5000/', username: 'u', password: 'p' },
    ]);
    expect(toRegistryAuth('reg.example:5000', g, conn({ host: 'reg.example:5000', login: 'c', password: 'cp' }))).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: 'reg.example:5000',
    });
  });

  it("gives an empty password when the group's credentials have none", () => {
    expect(toRegistryAuth('docker.io', group([{ server: 'index.docker.io', username: 'u' }]), undefined)).toEqual({ username: 'u', password: '', serveraddress: 'docker.io' });
  });

  it("takes the connection's login when its host (and port) is the registry", () => {
    expect(toRegistryAuth('reg.example:5000', group(undefined), conn({ host: 'reg.example', port: 5000, login: 'c', password: 'cp' }))).toEqual({
      username: 'c',
      password: 'cp',
      serveraddress: 'reg.example:5000',
    });
    expect(toRegistryAuth('reg.example:5000', group(undefined), conn({ host: 'reg.example:5000', login: 'c' }))).toEqual({
      username: 'c',
      password: '',
      serveraddress: 'reg.example:5000',
    });
  });

  it('gives nothing for another registry, a connection without login, or a group credential without username', () => {
    expect(toRegistryAuth('reg.example:5000', group(undefined), conn({ host: 'other.example', login: 'c' }))).toBeUndefined();
    expect(toRegistryAuth('reg.example:5000', group(undefined), conn({ host: 'reg.example:5000' }))).toBeUndefined();
    expect(toRegistryAuth('reg.example:5000', group([{ server: 'reg.example:5000' }]), undefined)).toBeUndefined();
  });
});
