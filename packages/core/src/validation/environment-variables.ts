/** A container's environment variables: names, uniqueness, and value or secureValue. */
import { NAME_RULES, nameProblem } from './names.js';
import { isRecord, itemsOf, type Problems } from './problems.js';

export function checkEnvironmentVariables(variables: unknown, at: string, problems: Problems): void {
  const seen = new Map<string, number>();
  for (const [i, variable] of itemsOf(variables).entries()) {
    if (!isRecord(variable)) continue;
    if (typeof variable.name === 'string') {
      const problem = nameProblem(variable.name, NAME_RULES.environmentVariable);
      if (problem) problems.add(`${at}[${i}].name`, problem);
      const first = seen.get(variable.name);
      if (first !== undefined) {
        problems.add(`${at}[${i}].name`, `the environment variable ${JSON.stringify(variable.name)} is already set by ${at}[${first}]`);
      } else seen.set(variable.name, i);
    }
    if (variable.value !== undefined && variable.secureValue !== undefined) {
      problems.add(`${at}[${i}]`, 'an environment variable takes either value or secureValue, not both');
    }
  }
}
