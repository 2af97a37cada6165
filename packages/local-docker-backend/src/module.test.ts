import { expect, it } from 'vitest';
import { Container } from 'inversify';
import { Connection, ContainerGroupHook } from '@container-hook/core';
import { DockerContainerGroupHook } from './hook.js';
import defaultModule, { dockerBackendModule } from './module.js';

it('binds the Docker hook for the connection in the container', async () => {
  expect(defaultModule).toBe(dockerBackendModule);
  const container = new Container();
  container.bind(Connection).toConstantValue(new Connection({ connId: 'd', connType: 'docker' }));
  await container.load(dockerBackendModule);
  expect(container.get(ContainerGroupHook)).toBeInstanceOf(DockerContainerGroupHook);
});
