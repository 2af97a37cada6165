import { Connection } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import { dockerLeftovers, forgetDockerImage } from './docker-engine-test-utils.js';
import { describeContainerGroupHookContract } from './index.js';

let hook: DockerContainerGroupHook | undefined;

describeContainerGroupHookContract(
  'local Docker',
  async ({ runLabel }) => {
    const made = new DockerContainerGroupHook(new Connection({ connId: 'contract_tests', connType: 'docker' }), { labels: { ...runLabel } });
    const check = await made.testConnection();
    if (!check.ok) throw new Error(`no Docker engine answers (${check.message}); start one (see .ci/run) before running the engine tests`);
    hook = made;
    return made;
  },
  {
    listLeftovers: (runLabel) => dockerLeftovers(hook, runLabel),
    registry: { forgetImage: (image) => forgetDockerImage(hook, image) },
  },
);
