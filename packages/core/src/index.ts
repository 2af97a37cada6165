// The public surface of @container-hook/core: named re-exports only. A name becomes public by being
// added here in the same change as its TSDoc; index.test.ts snapshots this list.

export { AbortError, delay, isAbortError, throwIfAborted } from './abort.js';
export {
  AuthenticationError,
  BackendUnavailableError,
  ConnectionConfigError,
  ConnectionNotFoundError,
  ContainerGroupExistsError,
  ContainerGroupFailedError,
  ContainerGroupNotFoundError,
  ContainerHookError,
  InvalidContainerGroupError,
  isContainerHookError,
  OperationTimeoutError,
  ResourceGroupNotFoundError,
  ThrottledError,
  UnsupportedFeatureError,
} from './errors.js';
export type { ContainerHookErrorOptions, ValidationProblem } from './errors.js';
export { ContainerGroupHook } from './hook.js';
export type {
  CreateOrUpdateOptions,
  DeleteOptions,
  ExistsOptions,
  FollowLogsOptions,
  GetConnOptions,
  GetLogsOptions,
  GetMessagesOptions,
  GetStateExitCodeDetailsOptions,
  GetStateOptions,
  ListOptions,
  OperationOptions,
  RestartOptions,
  StartOptions,
  StopOptions,
  TestConnectionOptions,
  TestConnectionResult,
  WatchOptions,
} from './hook.js';
export { mainContainerOf, toMessages, toStateSummary } from './main-container.js';
// Rules every backend needs, so that a new backend writes only its mapping (see README "Writing a backend").
export { assertValidTail } from './assert-valid-tail.js';
export { hideSecrets } from './hide-secrets.js';
export { isTerminalContainer, isTerminalGroup } from './is-terminal-group.js';
export { logContainerOf } from './log-container-of.js';
export { CONTAINER_GROUP_TYPE, toContainerGroupId } from './to-container-group-id.js';
export { toListItem } from './to-list-item.js';
export {
  KnownContainerGroupInstanceState,
  KnownContainerGroupIpAddressType,
  KnownContainerGroupPriority,
  KnownContainerGroupProvisioningState,
  KnownContainerGroupRestartPolicy,
  KnownContainerGroupSku,
  KnownContainerInstanceState,
  KnownContainerNetworkProtocol,
  KnownOperatingSystemTypes,
} from './model.js';
export type {
  AzureFileVolume,
  ConfidentialComputeProperties,
  Container,
  ContainerExec,
  ContainerGroup,
  ContainerGroupDiagnostics,
  ContainerGroupIdentity,
  ContainerGroupIpAddressType,
  ContainerGroupPriority,
  ContainerGroupPropertiesInstanceView,
  ContainerGroupRestartPolicy,
  ContainerGroupSku,
  ContainerGroupSubnetId,
  ContainerHttpGet,
  ContainerNetworkProtocol,
  ContainerPort,
  ContainerProbe,
  ContainerPropertiesInstanceView,
  ContainerState,
  ContainerStateSummary,
  DeploymentExtensionSpec,
  DnsConfiguration,
  EncryptionProperties,
  EnvironmentVariable,
  Event,
  GitRepoVolume,
  GpuResource,
  HttpHeader,
  ImageRegistryCredential,
  InitContainerDefinition,
  IpAddress,
  LogAnalytics,
  LogLine,
  OperatingSystemTypes,
  Port,
  ResourceLimits,
  ResourceRequests,
  ResourceRequirements,
  SecurityContextCapabilitiesDefinition,
  SecurityContextDefinition,
  UserAssignedIdentities,
  Volume,
  VolumeMount,
} from './model.js';
export { willRestart } from './restart-policy.js';
export { runContainerGroup, runContainerGroupEvents } from './run-container-group.js';
export type {
  RunCleanupFailure,
  RunContainerGroupOptions,
  RunDoneEvent,
  RunEvent,
  RunInstanceEvent,
  RunLogEvent,
  RunResult,
  RunStateEvent,
} from './run-container-group.js';
export { isSecretKey, REDACTED, redact, redactText } from './redact.js';
export { createHook, registerBackend, registeredBackendTypes, unregisterBackend } from './registry.js';
export type { BackendModuleLoader, CreateHookOptions, RegisterBackendOptions } from './registry.js';
export { Connection } from './connections/connection.js';
export type { ConnectionFields } from './connections/connection.js';
export { CONNECTION_TYPE_ALIASES, KnownConnectionTypes, toBackendType } from './connections/connection-types.js';
export {
  CONNECTIONS_FILE_ENV,
  DOCKER_DEFAULT_CONN_ID,
  getConnection,
  listConnections,
  listConnectionSources,
  parseConnectionUri,
  readConnectionsFile,
} from './connections/index.js';
export type {
  ConnectionListing,
  ConnectionSource,
  GetConnectionOptions,
  ListConnectionsOptions,
  ParseConnectionUriOptions,
} from './connections/index.js';
export { assertValidContainerGroup, validateContainerGroup } from './validation/index.js';
export { fromArmContainerGroup, toArmContainerGroup, toArmPath } from './arm-mapping.js';
export type { ArmContainer, ArmContainerGroup, ArmContainerGroupProperties } from './arm-mapping.js';
export { AZ_CONTAINER_YAML_API_VERSION, fromAzContainerYaml, toAzContainerYaml } from './az-yaml.js';
export { parseContainerGroupDocument } from './group-document.js';
export type { ContainerGroupDocument, ContainerGroupDocumentFormat } from './group-document.js';
