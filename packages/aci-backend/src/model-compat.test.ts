/**
 * The core's `ContainerGroup` mirrors the SDK's (`@azure/arm-containerinstance` 9.1.0) so that mapping.ts is a
 * copy: this type-level test keeps the fields both have assignable in both directions, recursively (containers,
 * volumes, instance views…). It fails in `pnpm run typecheck` (which compiles test files), not at run time:
 * a field whose type drifts on either side breaks the build here.
 */
import type { ContainerGroup as AciContainerGroup } from '@azure/arm-containerinstance';
import type { ContainerGroup } from '@container-hook/core';
import { describe, expectTypeOf, it } from 'vitest';
import { fromAciContainerGroup, toAciContainerGroup } from './mapping.js';

type SharedKeys = keyof AciContainerGroup & keyof ContainerGroup;
type FromSdk = Pick<AciContainerGroup, SharedKeys>;
type FromCore = Pick<ContainerGroup, SharedKeys>;

describe('the core model and the SDK model', () => {
  it('are assignable both ways over the fields both have', () => {
    expectTypeOf<FromSdk>().toExtend<FromCore>();
    expectTypeOf<FromCore>().toExtend<FromSdk>();
    // The same, as plain assignments (what tsc reports with the offending nested field named).
    const sdkToCore = (g: FromSdk): FromCore => g;
    const coreToSdk = (g: FromCore): FromSdk => g;
    expectTypeOf(sdkToCore).returns.toEqualTypeOf<FromCore>();
    expectTypeOf(coreToSdk).returns.toEqualTypeOf<FromSdk>();
  });

  it('have the same top-level fields (the core invents none and misses none of SDK 9.1.0)', () => {
    expectTypeOf<Exclude<keyof ContainerGroup, keyof AciContainerGroup>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof AciContainerGroup, keyof ContainerGroup>>().toEqualTypeOf<never>();
  });

  it('are assignable field by field for the nested shapes the hook copies', () => {
    expectTypeOf<AciContainerGroup['containers'][number]>().toExtend<ContainerGroup['containers'][number]>();
    expectTypeOf<ContainerGroup['containers'][number]>().toExtend<AciContainerGroup['containers'][number]>();
    expectTypeOf<NonNullable<AciContainerGroup['instanceView']>>().toExtend<NonNullable<ContainerGroup['instanceView']>>();
    expectTypeOf<NonNullable<AciContainerGroup['volumes']>[number]>().toExtend<NonNullable<ContainerGroup['volumes']>[number]>();
    expectTypeOf<NonNullable<ContainerGroup['volumes']>[number]>().toExtend<NonNullable<AciContainerGroup['volumes']>[number]>();
    expectTypeOf<NonNullable<ContainerGroup['identity']>>().toExtend<NonNullable<AciContainerGroup['identity']>>();
  });

  it('so the mappers need no field-by-field conversion', () => {
    expectTypeOf(toAciContainerGroup).parameter(0).toEqualTypeOf<ContainerGroup>();
    expectTypeOf(toAciContainerGroup).returns.toEqualTypeOf<AciContainerGroup>();
    expectTypeOf(fromAciContainerGroup).parameter(0).toEqualTypeOf<AciContainerGroup>();
    expectTypeOf(fromAciContainerGroup).returns.toEqualTypeOf<ContainerGroup>();
  });
});
