// The public surface of @container-hook/aci-emulator: named re-exports only.
export { defaultStateDir, describeAciEmulator, startAciEmulator } from './emulator.js';
export type { AciEmulator, AciEmulatorConnection, AciEmulatorDescription, AciEmulatorFaults, AciEmulatorOptions } from './emulator.js';
export { FAULTS_ENV, toFaultConfig } from './faults.js';
export type { FaultConfig, FaultKind, FaultRule, FaultsDescription } from './faults.js';
export { AZURE_CLI_CLOUD_NAME, formatAzureCliSetup, toAzureCliSetup } from './azure-cli.js';
export type { AzureCliSetup } from './azure-cli.js';
export { parseImageMap } from './image-map.js';
export type { ImageMap } from './image-map.js';
export type { EmulatorIdentity } from './identity.js';
export type { TokenService } from './token-service.js';
