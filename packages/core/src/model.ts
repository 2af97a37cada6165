/**
 * The container-group model: the flattened shape of `@azure/arm-containerinstance`'s `ContainerGroup`
 * (SDK 9.1.0, api-version 2023-05-01), as the core's own types so that the core imports no Azure code.
 * An object written for the SDK is accepted by every backend; a type-level test in the ACI backend
 * (`packages/aci-backend/src/model-compat.test.ts`, run by `pnpm run typecheck`) keeps the fields both have
 * assignable both ways.
 *
 * Enumerations are typed as `string` with a `Known…` table of the documented values, as the SDK does:
 * the service adds values over time and a client must not reject them.
 *
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/create-or-update
 */

/** Restart policies ACI documents. The service default is `Always`. */
export const KnownContainerGroupRestartPolicy = { Always: 'Always', OnFailure: 'OnFailure', Never: 'Never' } as const;
/** One of {@link KnownContainerGroupRestartPolicy}, or a value a newer service version added. */
export type ContainerGroupRestartPolicy = string;

export const KnownOperatingSystemTypes = { Linux: 'Linux', Windows: 'Windows' } as const;
export type OperatingSystemTypes = string;

export const KnownContainerNetworkProtocol = { TCP: 'TCP', UDP: 'UDP' } as const;
export type ContainerNetworkProtocol = string;

export const KnownContainerGroupIpAddressType = { Public: 'Public', Private: 'Private' } as const;
export type ContainerGroupIpAddressType = string;

export const KnownContainerGroupSku = { Standard: 'Standard', Dedicated: 'Dedicated', Confidential: 'Confidential' } as const;
export type ContainerGroupSku = string;

export const KnownContainerGroupPriority = { Regular: 'Regular', Spot: 'Spot' } as const;
export type ContainerGroupPriority = string;

/** Instance-view states of a container (ACI's `ContainerState.state`). Unknown values are non-terminal. */
export const KnownContainerInstanceState = { Waiting: 'Waiting', Running: 'Running', Terminated: 'Terminated' } as const;

/** Group `instanceView.state` values seen from the service. Unknown values are non-terminal. */
export const KnownContainerGroupInstanceState = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Stopped: 'Stopped',
} as const;

/** `provisioningState` values of the service's enum (`ContainerGroupProvisioningState`). */
export const KnownContainerGroupProvisioningState = {
  NotSpecified: 'NotSpecified',
  Accepted: 'Accepted',
  Pending: 'Pending',
  Updating: 'Updating',
  Creating: 'Creating',
  Repairing: 'Repairing',
  Unhealthy: 'Unhealthy',
  Failed: 'Failed',
  Canceled: 'Canceled',
  Succeeded: 'Succeeded',
  Deleting: 'Deleting',
  NotAccessible: 'NotAccessible',
  PreProvisioned: 'PreProvisioned',
} as const;

export interface ContainerPort {
  protocol?: ContainerNetworkProtocol;
  port: number;
}

/**
 * An environment variable. Set `secureValue` instead of `value` for a secret.
 * WARNING: ACI returns a variable that has a `secureValue` as a name with no value; every backend does the same.
 */
export interface EnvironmentVariable {
  name: string;
  value?: string;
  secureValue?: string;
}

/** A container's state, as ACI reports it (`Waiting`, `Running`, `Terminated`). */
export interface ContainerState {
  state?: string;
  startTime?: Date;
  /** Present once terminated; the codes `docker run` uses. */
  exitCode?: number;
  finishTime?: Date;
  /** e.g. `Completed`, `Error`, `OOMKilled`, `CrashLoopBackOff`. */
  detailStatus?: string;
}

/** An instance-view event (Pulling, Pulled, Started, Killing, …). */
export interface Event {
  count?: number;
  firstTimestamp?: Date;
  lastTimestamp?: Date;
  name?: string;
  message?: string;
  /** `Normal` or `Warning`. */
  type?: string;
}

export interface ContainerPropertiesInstanceView {
  restartCount?: number;
  currentState?: ContainerState;
  /** Omitted until a restart has happened. */
  previousState?: ContainerState;
  events?: Event[];
}

export interface GpuResource {
  count: number;
  sku: string;
}

export interface ResourceRequests {
  memoryInGB: number;
  cpu: number;
  gpu?: GpuResource;
}

export interface ResourceLimits {
  memoryInGB?: number;
  cpu?: number;
  gpu?: GpuResource;
}

export interface ResourceRequirements {
  requests: ResourceRequests;
  limits?: ResourceLimits;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface ContainerExec {
  command?: string[];
}

export interface HttpHeader {
  name?: string;
  value?: string;
}

export interface ContainerHttpGet {
  path?: string;
  port: number;
  scheme?: string;
  httpHeaders?: HttpHeader[];
}

export interface ContainerProbe {
  exec?: ContainerExec;
  httpGet?: ContainerHttpGet;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
  timeoutSeconds?: number;
}

export interface SecurityContextCapabilitiesDefinition {
  add?: string[];
  drop?: string[];
}

export interface SecurityContextDefinition {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: SecurityContextCapabilitiesDefinition;
  runAsGroup?: number;
  runAsUser?: number;
  seccompProfile?: string;
}

/** A container of the group. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: ContainerPort[];
  environmentVariables?: EnvironmentVariable[];
  /** Read-only: filled by `getState`. */
  instanceView?: ContainerPropertiesInstanceView;
  resources: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  livenessProbe?: ContainerProbe;
  readinessProbe?: ContainerProbe;
  securityContext?: SecurityContextDefinition;
}

/** A container that runs to completion, in order, before the group's containers start. */
export interface InitContainerDefinition {
  name: string;
  image?: string;
  command?: string[];
  environmentVariables?: EnvironmentVariable[];
  /** Read-only: filled by `getState`. */
  instanceView?: ContainerPropertiesInstanceView;
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContextDefinition;
}

/** A private registry's credentials. WARNING: `password` is never returned by `getState`. */
export interface ImageRegistryCredential {
  server: string;
  username?: string;
  password?: string;
  identity?: string;
  identityUrl?: string;
}

export interface Port {
  protocol?: ContainerNetworkProtocol;
  port: number;
  /**
   * Read-only, local backends only: the host port a `Public` port is published on (the Docker backend
   * publishes on an ephemeral port of 127.0.0.1, so that two groups never collide). ACI has no such field.
   */
  hostPort?: number;
}

export interface IpAddress {
  ports: Port[];
  type: ContainerGroupIpAddressType;
  ip?: string;
  dnsNameLabel?: string;
  autoGeneratedDomainNameLabelScope?: string;
  /** Read-only. */
  fqdn?: string;
}

export interface AzureFileVolume {
  shareName: string;
  readOnly?: boolean;
  storageAccountName: string;
  storageAccountKey?: string;
}

export interface GitRepoVolume {
  directory?: string;
  repository: string;
  revision?: string;
}

/** A volume: exactly one of `azureFile`, `emptyDir`, `secret` (file name → base64 content), `gitRepo`. */
export interface Volume {
  name: string;
  azureFile?: AzureFileVolume;
  emptyDir?: Record<string, unknown>;
  secret?: { [fileName: string]: string };
  gitRepo?: GitRepoVolume;
}

export interface ContainerGroupPropertiesInstanceView {
  events?: Event[];
  state?: string;
}

export interface LogAnalytics {
  workspaceId: string;
  workspaceKey: string;
  logType?: string;
  metadata?: { [key: string]: string };
  workspaceResourceId?: string;
}

export interface ContainerGroupDiagnostics {
  logAnalytics?: LogAnalytics;
}

export interface ContainerGroupSubnetId {
  id: string;
  name?: string;
}

export interface DnsConfiguration {
  nameServers: string[];
  searchDomains?: string;
  options?: string;
}

export interface EncryptionProperties {
  vaultBaseUrl: string;
  keyName: string;
  keyVersion: string;
  identity?: string;
}

export interface DeploymentExtensionSpec {
  name: string;
  extensionType?: string;
  version?: string;
  settings?: Record<string, unknown>;
  protectedSettings?: Record<string, unknown>;
}

export interface ConfidentialComputeProperties {
  ccePolicy?: string;
}

export interface UserAssignedIdentities {
  principalId?: string;
  clientId?: string;
}

export interface ContainerGroupIdentity {
  principalId?: string;
  tenantId?: string;
  /**
   * A closed set, unlike the enumerations above: the SDK types it as a union (the spec's `ResourceIdentityType`
   * is not `modelAsString`), and a group written for the SDK must type-check here.
   */
  type?: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned' | 'None';
  userAssignedIdentities?: { [id: string]: UserAssignedIdentities };
}

/**
 * A container group: containers created, run and deleted together, sharing a network and a lifecycle.
 * Read-only fields (`id`, `name`, `type`, `provisioningState`, `instanceView`) are filled by the backend.
 */
export interface ContainerGroup {
  /** Read-only: the ARM resource id (or the backend's equivalent). */
  id?: string;
  /** Read-only. */
  name?: string;
  /** Read-only: `Microsoft.ContainerInstance/containerGroups`. */
  type?: string;
  location?: string;
  tags?: { [key: string]: string };
  zones?: string[];
  identity?: ContainerGroupIdentity;
  /** Read-only. */
  provisioningState?: string;
  containers: Container[];
  imageRegistryCredentials?: ImageRegistryCredential[];
  /** `Always` (the service default), `OnFailure` or `Never`. */
  restartPolicy?: ContainerGroupRestartPolicy;
  ipAddress?: IpAddress;
  osType: OperatingSystemTypes;
  volumes?: Volume[];
  /** Read-only: filled by `getState`. */
  instanceView?: ContainerGroupPropertiesInstanceView;
  diagnostics?: ContainerGroupDiagnostics;
  subnetIds?: ContainerGroupSubnetId[];
  dnsConfig?: DnsConfiguration;
  sku?: ContainerGroupSku;
  encryptionProperties?: EncryptionProperties;
  initContainers?: InitContainerDefinition[];
  extensions?: DeploymentExtensionSpec[];
  confidentialComputeProperties?: ConfidentialComputeProperties;
  priority?: ContainerGroupPriority;
}

/** Airflow's `(state, exit_code, detail_status)` tuple, as an object. */
export interface ContainerStateSummary {
  /** The main container's current state, else the group's provisioning state, else `Pending`. */
  state: string;
  /** Undefined until the container has terminated: never a made-up 0. */
  exitCode: number | undefined;
  detailStatus: string;
}

/** One line of a container's log, as `followLogs` yields it. */
export interface LogLine {
  container: string;
  stream: 'stdout' | 'stderr';
  /** The line with its terminator (`\n`, `\r\n`), or without one for a last, unterminated line. */
  text: string;
  /** When the engine stamped the line, if it did. */
  timestamp?: Date;
}
