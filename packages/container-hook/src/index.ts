// What users install: the core's public list, re-exported by name (scripts/sync-facade-exports.py writes
// it from packages/core/src/index.ts), with the built-in backends registered lazily on import.
import { registerBuiltInBackends } from './built-in-backends.js';

registerBuiltInBackends();

export { registerBuiltInBackends };
export { AbortError, delay, isAbortError, throwIfAborted } from '@container-hook/core';
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
} from '@container-hook/core';
export type { ContainerHookErrorOptions, ValidationProblem } from '@container-hook/core';
export { ContainerGroupHook } from '@container-hook/core';
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
} from '@container-hook/core';
export { mainContainerOf, toMessages, toStateSummary } from '@container-hook/core';
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
} from '@container-hook/core';
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
} from '@container-hook/core';
export { willRestart } from '@container-hook/core';
export { runContainerGroup, runContainerGroupEvents } from '@container-hook/core';
export type {
  RunCleanupFailure,
  RunContainerGroupOptions,
  RunDoneEvent,
  RunEvent,
  RunInstanceEvent,
  RunLogEvent,
  RunResult,
  RunStateEvent,
} from '@container-hook/core';
export { isSecretKey, REDACTED, redact, redactText } from '@container-hook/core';
export { createHook, registerBackend, registeredBackendTypes, unregisterBackend } from '@container-hook/core';
export type { BackendModuleLoader, CreateHookOptions, RegisterBackendOptions } from '@container-hook/core';
export { Connection } from '@container-hook/core';
export type { ConnectionFields } from '@container-hook/core';
export { CONNECTION_TYPE_ALIASES, KnownConnectionTypes, toBackendType } from '@container-hook/core';
export {
  CONNECTIONS_FILE_ENV,
  DOCKER_DEFAULT_CONN_ID,
  getConnection,
  listConnections,
  listConnectionSources,
  parseConnectionUri,
  readConnectionsFile,
} from '@container-hook/core';
export type {
  ConnectionListing,
  ConnectionSource,
  GetConnectionOptions,
  ListConnectionsOptions,
  ParseConnectionUriOptions,
} from '@container-hook/core';
export { assertValidContainerGroup, validateContainerGroup } from '@container-hook/core';
export { fromArmContainerGroup, toArmContainerGroup, toArmPath } from '@container-hook/core';
export type { ArmContainer, ArmContainerGroup, ArmContainerGroupProperties } from '@container-hook/core';
export { AZ_CONTAINER_YAML_API_VERSION, fromAzContainerYaml, toAzContainerYaml } from '@container-hook/core';
export { parseContainerGroupDocument } from '@container-hook/core';
export type { ContainerGroupDocument, ContainerGroupDocumentFormat } from '@container-hook/core';
