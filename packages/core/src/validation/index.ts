/**
 * Validation of a container group against Azure Container Instances' rules, run before any backend call
 * so that the same bad input gets the same problems on every backend and in the emulator.
 *
 * Two passes over the same input, both always run so that every problem is reported at once:
 * 1. structure (a zod schema, `schema.ts`, its issues worded by `structure.ts`): types, required fields and
 *    enumeration values of the SDK model;
 * 2. the service's rules (`service-rules.ts`, with `names.ts`, `resources.ts`, `network.ts`, `volumes.ts`
 *    and `environment-variables.ts`): names, bounds, uniqueness, cross references (each rule only looks at
 *    values that already have the right type, so one mistake gives one problem).
 *
 * Sources: `aci-rest-contract.md` §3–§4 (the spec, the Microsoft Learn naming table and quota page) and
 * the recorded real service in `aci-recordings/`; where the two disagree, the recorded service wins.
 */
import { InvalidContainerGroupError, type ValidationProblem } from '../errors.js';
import type { ContainerGroup } from '../model.js';
import { checkGroupName } from './names.js';
import { isRecord, kindOf, Problems } from './problems.js';
import { checkServiceRules } from './service-rules.js';
import { checkStructure } from './structure.js';

/**
 * Finds every problem in a container group body, by ACI's rules: the SDK model's types, required fields
 * and enumeration values (compared case-sensitively, as the service documents them), then the service's
 * rules (names, resource bounds, unique names, volume mounts that name a declared volume, ports exposed
 * by a container, limits per group).
 *
 * Never throws: input of any shape (`null`, an array, a number) gives problems, not an exception.
 *
 * @param name - The container group's name, as it will be given to the backend (checked against ACI's
 *   naming rules; reported at path `name`).
 * @param group - The body to check, of any shape (the SDK's flattened `ContainerGroup` model is expected).
 * @returns The problems found, each with a JSON path (`containers[0].resources.requests.cpu`) and one
 *   sentence saying what is wrong; empty when the group is valid. No message contains a field's value
 *   except a short enumeration value or a name.
 * @see https://learn.microsoft.com/azure/container-instances/container-instances-troubleshooting#naming-conventions
 * @see https://learn.microsoft.com/azure/container-instances/container-instances-resource-and-quota-limits
 */
export function validateContainerGroup(name: string, group: unknown): ValidationProblem[] {
  const problems = new Problems();
  try {
    if (!isRecord(group)) {
      problems.add('', `the container group must be an object, not ${kindOf(group)}`);
      checkGroupName(name, problems);
      return problems.list;
    }
    checkStructure(group, problems);
    checkGroupName(name, problems);
    checkServiceRules(group, problems);
  } catch {
    // A getter that throws, a revoked proxy...: still a report, never an exception.
    problems.add('', 'the container group could not be read; pass a plain object');
  }
  return problems.list;
}

/**
 * Checks a container group body and throws when it breaks any rule of {@link validateContainerGroup}.
 *
 * @param name - The container group's name, as it will be given to the backend.
 * @param group - The body to check, of any shape.
 * @returns Nothing; afterwards TypeScript knows `group` is a {@link ContainerGroup}.
 * @throws {InvalidContainerGroupError} listing every problem found (`problems`, each with its JSON path).
 */
export function assertValidContainerGroup(name: string, group: unknown): asserts group is ContainerGroup {
  const problems = validateContainerGroup(name, group);
  if (problems.length > 0) throw new InvalidContainerGroupError(name, problems);
}
