import type { ContainerGroupHook, ResourceRequests } from '@container-hook/core';

/** What the suite hands the factory. */
export interface HookFactoryContext {
  /**
   * The label (one key, one value) that every object the backend creates during this run must carry,
   * so that the leak check ({@link ContractOptions.listLeftovers}) sees this run's objects only.
   */
  runLabel: Readonly<Record<string, string>>;
}

/** Makes the hook under test; called once, in the suite's `beforeAll`. */
export type HookFactory = (ctx: HookFactoryContext) => ContainerGroupHook | Promise<ContainerGroupHook>;

/**
 * A loopback registry with a copy of the test image, one open and one behind basic auth. Each field
 * falls back to an environment variable that `test/scripts/start-registry.sh` prints; when neither is set
 * the registry tests fail, saying how to start the registries (never a silent skip).
 */
export interface ContractRegistryOptions {
  /** `host:port` of a registry that needs no credentials. Default: `$CONTAINER_HOOK_TEST_REGISTRY`. */
  openServer?: string;
  /** `host:port` of a registry behind htpasswd basic auth. Default: `$CONTAINER_HOOK_TEST_AUTH_REGISTRY`. */
  authServer?: string;
  /** Default: `$CONTAINER_HOOK_TEST_REGISTRY_USER`. */
  username?: string;
  /** Default: `$CONTAINER_HOOK_TEST_REGISTRY_PASSWORD`. */
  password?: string;
  /** `repository:tag` of the test image in both registries. Default: `$CONTAINER_HOOK_TEST_REGISTRY_IMAGE`, else `container-hook/busybox:contract`. */
  repository?: string;
  /**
   * Forgets a pulled image (e.g. `docker rmi`), so that the next group really pulls it. Called before and
   * after each registry test. A backend with an image cache must pass it: without it, "pull without
   * credentials fails" would pass or fail depending on what an earlier test pulled.
   */
  forgetImage?: (image: string) => Promise<void>;
}

/**
 * Where a backend genuinely differs from the others because its service does. Each case that touches a
 * capability adapts its expectation to what is declared (never a skip); the suite prints what it ran with.
 */
export interface ContractCapabilities {
  /**
   * `separate` (default): every `LogLine` says which stream (stdout, stderr) it came from. `merged`: the
   * service's log API returns stdout and stderr as one text without saying which (ACI), so `followLogs`
   * cases check each line's text and its order as written, not its stream.
   */
  logStreams?: 'separate' | 'merged';
  /**
   * `reachable` (default): the address `getState` reports for a `Public` group port answers from the
   * machine the suite runs on — `ipAddress.ip` and the port's `hostPort` when the backend reports one (the
   * Docker backend publishes on an ephemeral port of 127.0.0.1), else the port itself (ACI's public IP).
   * `declared-only`: the backend reports the declared `ipAddress.ports` and an `ip`, but no address the
   * suite can reach (the ACI emulator: ARM's `Port` has no `hostPort`, and the port the emulator's engine
   * published stays unknown to the client), so the ports case checks the reported ports and `ip` only.
   */
  publicPorts?: 'reachable' | 'declared-only';
}

/** Options of {@link describeContainerGroupHookContract}; every field is optional. */
export interface ContractOptions {
  /** The image every test container runs: busybox (`sh`, `nc`, `awk`, `seq`, `sha256sum`, … in `PATH`). Default `container-hook/busybox:local`. */
  image?: string;
  /** The resource group of every test group. Default `contract-<runId>` (a fresh one per run). ACI: name an existing one. */
  resourceGroup?: string;
  /** The label key of {@link HookFactoryContext.runLabel}. Default `container-hook.test-run`. */
  runLabelKey?: string;
  /** The resource requests of every test container. Default `{ cpu: 1, memoryInGB: 0.5 }`. */
  resources?: ResourceRequests;
  /**
   * What the backend still holds that carries `runLabel` (containers, networks, volumes…), one description
   * per object. The suite asserts it is empty after the run and unchanged by rejected inputs. Without it,
   * the leak check only asks the hook's own `list`.
   */
  listLeftovers?: (runLabel: Readonly<Record<string, string>>) => Promise<string[]>;
  /** What the backend declares where its service differs; see {@link ContractCapabilities}. */
  capabilities?: ContractCapabilities;
  /** The registries of the image-pull tests. */
  registry?: ContractRegistryOptions;
  /** Timeouts; raise them for slow backends (ACI takes minutes to provision). */
  timeoutsInMs?: {
    /** One test. Default 120 000. */
    test?: number;
    /** One `beforeAll`/`afterAll`. Default 180 000. */
    hook?: number;
    /** Waiting for one state change (a container terminating, a restart). Default 60 000. */
    state?: number;
  };
}
