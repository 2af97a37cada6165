/**
 * The `ContainerGroupHook` contract suite: any backend, ours or a third party's, runs it by passing a
 * hook factory to {@link describeContainerGroupHookContract}.
 */
export { describeContainerGroupHookContract } from './describe-contract.js';
export type { ContractCapabilities, ContractOptions, ContractRegistryOptions, HookFactory, HookFactoryContext } from './contract/options.js';
export type { ContractContext, ContractTimeouts } from './contract/context.js';
