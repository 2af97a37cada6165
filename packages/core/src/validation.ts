/**
 * Validation of a container group against Azure Container Instances' rules, run before any backend call
 * so that the same bad input gets the same problems on every backend and in the emulator.
 *
 * Two passes over the same input, both always run so that every problem is reported at once:
 * 1. structure (a zod schema): types, required fields and enumeration values of the SDK model;
 * 2. the service's rules: names, bounds, uniqueness, cross references (each rule only looks at values
 *    that already have the right type, so one mistake gives one problem).
 *
 * Sources: `aci-rest-contract.md` §3–§4 (the spec, the Microsoft Learn naming table and quota page) and
 * the recorded real service in `aci-recordings/`; where the two disagree, the recorded service wins.
 */
import { z } from 'zod';
import { InvalidContainerGroupError, type ValidationProblem } from './errors.js';
import {
  KnownContainerGroupIpAddressType,
  KnownContainerGroupPriority,
  KnownContainerGroupRestartPolicy,
  KnownContainerGroupSku,
  KnownContainerNetworkProtocol,
  KnownOperatingSystemTypes,
  type ContainerGroup,
} from './model.js';

// ---------------------------------------------------------------------------------------------------
// Limits [docs] (aci-rest-contract.md §4, `container-instances-resource-and-quota-limits.md`).

/** Containers per group. Init containers are not counted: the quota page counts containers. */
const MAX_CONTAINERS = 60;
/** Volumes per group. */
const MAX_VOLUMES = 20;
/** Ports per IP address. */
const MAX_IP_PORTS = 5;

/**
 * CPU and memory a group may request, by kind. The quota page documents these per *group* (Standard
 * 31 vCPU / 240 GB, Spot 4 / 16, Confidential 31 / 180); it documents no separate per-container maximum
 * any more (the old "4 CPU / 16 GB per container" figure was the pre-2024 Standard default, since raised).
 * So we apply the group's figure both to each container (a container cannot be larger than its group)
 * and to the sum of the containers' requests. Dedicated and Windows groups are not documented
 * separately and get the Standard figures; a region's current capacity is left to the service to judge.
 */
const GROUP_RESOURCE_LIMITS = {
  Standard: { cpu: 31, memoryInGB: 240 },
  Spot: { cpu: 4, memoryInGB: 16 },
  Confidential: { cpu: 31, memoryInGB: 180 },
} as const;

// ---------------------------------------------------------------------------------------------------
// Structure: the SDK model as a zod schema. Unknown keys pass (the service adds properties over time);
// read-only fields (`instanceView`, `provisioningState`, ...) are not checked.

function enumOf(known: Record<string, string>) {
  return z.enum(Object.values(known) as [string, ...string[]]);
}

const KnownIdentityType = {
  SystemAssigned: 'SystemAssigned',
  UserAssigned: 'UserAssigned',
  SystemAssignedUserAssigned: 'SystemAssigned, UserAssigned',
  None: 'None',
} as const;

const str = z.string();
const int = z.number().int();
const stringMap = z.record(z.string(), z.string());

const containerPortSchema = z.object({ protocol: enumOf(KnownContainerNetworkProtocol).optional(), port: int });
const gpuSchema = z.object({ count: int, sku: str });
const environmentVariableSchema = z.object({ name: str, value: str.optional(), secureValue: str.optional() });
const volumeMountSchema = z.object({ name: str, mountPath: str, readOnly: z.boolean().optional() });
const probeSchema = z.object({
  exec: z.object({ command: z.array(str).optional() }).optional(),
  httpGet: z
    .object({
      path: str.optional(),
      port: int,
      scheme: str.optional(),
      httpHeaders: z.array(z.object({ name: str.optional(), value: str.optional() })).optional(),
    })
    .optional(),
  initialDelaySeconds: int.optional(),
  periodSeconds: int.optional(),
  failureThreshold: int.optional(),
  successThreshold: int.optional(),
  timeoutSeconds: int.optional(),
});
const securityContextSchema = z.object({
  privileged: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  capabilities: z.object({ add: z.array(str).optional(), drop: z.array(str).optional() }).optional(),
  runAsGroup: int.optional(),
  runAsUser: int.optional(),
  seccompProfile: str.optional(),
});

const containerSchema = z.object({
  name: str,
  image: str,
  command: z.array(str).optional(),
  ports: z.array(containerPortSchema).optional(),
  environmentVariables: z.array(environmentVariableSchema).optional(),
  resources: z.object({
    requests: z.object({ memoryInGB: z.number(), cpu: z.number(), gpu: gpuSchema.optional() }),
    limits: z.object({ memoryInGB: z.number().optional(), cpu: z.number().optional(), gpu: gpuSchema.optional() }).optional(),
  }),
  volumeMounts: z.array(volumeMountSchema).optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  securityContext: securityContextSchema.optional(),
});

// The model (and the SDK) make an init container's image optional, but the service rejects one without.
const initContainerSchema = z.object({
  name: str,
  image: str,
  command: z.array(str).optional(),
  environmentVariables: z.array(environmentVariableSchema).optional(),
  volumeMounts: z.array(volumeMountSchema).optional(),
  securityContext: securityContextSchema.optional(),
});

const volumeSchema = z.object({
  name: str,
  azureFile: z
    .object({ shareName: str, readOnly: z.boolean().optional(), storageAccountName: str, storageAccountKey: str.optional() })
    .optional(),
  emptyDir: z.record(z.string(), z.unknown()).optional(),
  secret: stringMap.optional(),
  gitRepo: z.object({ directory: str.optional(), repository: str, revision: str.optional() }).optional(),
});

const containerGroupSchema = z.object({
  id: str.optional(),
  name: str.optional(),
  type: str.optional(),
  location: str.optional(),
  tags: stringMap.optional(),
  zones: z.array(str).optional(),
  identity: z
    .object({
      type: enumOf(KnownIdentityType).optional(),
      principalId: str.optional(),
      tenantId: str.optional(),
      userAssignedIdentities: z.record(z.string(), z.object({ principalId: str.optional(), clientId: str.optional() })).optional(),
    })
    .optional(),
  containers: z.array(containerSchema),
  imageRegistryCredentials: z
    .array(z.object({ server: str, username: str.optional(), password: str.optional(), identity: str.optional(), identityUrl: str.optional() }))
    .optional(),
  restartPolicy: enumOf(KnownContainerGroupRestartPolicy).optional(),
  ipAddress: z
    .object({
      ports: z.array(z.object({ protocol: enumOf(KnownContainerNetworkProtocol).optional(), port: int })),
      type: enumOf(KnownContainerGroupIpAddressType),
      ip: str.optional(),
      dnsNameLabel: str.optional(),
      autoGeneratedDomainNameLabelScope: str.optional(),
      fqdn: str.optional(),
    })
    .optional(),
  osType: enumOf(KnownOperatingSystemTypes),
  volumes: z.array(volumeSchema).optional(),
  diagnostics: z
    .object({
      logAnalytics: z
        .object({ workspaceId: str, workspaceKey: str, logType: str.optional(), metadata: stringMap.optional(), workspaceResourceId: str.optional() })
        .optional(),
    })
    .optional(),
  subnetIds: z.array(z.object({ id: str, name: str.optional() })).optional(),
  dnsConfig: z.object({ nameServers: z.array(str), searchDomains: str.optional(), options: str.optional() }).optional(),
  sku: enumOf(KnownContainerGroupSku).optional(),
  encryptionProperties: z.object({ vaultBaseUrl: str, keyName: str, keyVersion: str, identity: str.optional() }).optional(),
  initContainers: z.array(initContainerSchema).optional(),
  extensions: z
    .array(
      z.object({
        name: str,
        extensionType: str.optional(),
        version: str.optional(),
        settings: z.record(z.string(), z.unknown()).optional(),
        protectedSettings: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  confidentialComputeProperties: z.object({ ccePolicy: str.optional() }).optional(),
  priority: enumOf(KnownContainerGroupPriority).optional(),
});

type PathSegment = string | number | symbol;

/** `['containers', 0, 'resources']` → `containers[0].resources`; odd keys → `tags["a.b"]`. */
function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** The subject of a structural message: the field's own name (`cpu`, `command[1]`, `tag "env"`). */
function labelOf(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the container group';
  let i = path.length - 1;
  while (i > 0 && typeof path[i] === 'number') i--;
  const key = path[i];
  const indices = path.slice(i + 1).map((n) => `[${String(n)}]`).join('');
  const parent = path[i - 1];
  if (typeof key === 'string' && parent === 'tags') return `tag ${JSON.stringify(key)}`;
  if (typeof key === 'string' && parent === 'secret') return `secret file ${JSON.stringify(key)}`;
  return `${String(key)}${indices}`;
}

/** "a string", "null", "an array": the kind of a value, never the value (it may be a secret). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' || t === 'undefined' ? `an ${t}` : `a ${t}`;
}

const EXPECTED_KIND: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

interface RawIssue {
  code?: string;
  path?: PathSegment[];
  input?: unknown;
  expected?: string;
  values?: readonly unknown[];
}

/** One sentence for a zod issue, in our words; never echoes a value except a short enumeration miss. */
function structuralMessage(issue: RawIssue): string {
  const label = labelOf(issue.path ?? []);
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (!('input' in issue) || input === undefined) return `${label} is required`;
      if (issue.expected === 'int' && typeof input === 'number') return `${label} must be a whole number`;
      return `${label} must be ${EXPECTED_KIND[issue.expected ?? ''] ?? `of type ${issue.expected}`}, not ${kindOf(input)}`;
    }
    case 'invalid_value': {
      if (!('input' in issue) || input === undefined) return `${label} is required`;
      const values = (issue.values ?? []).map(String);
      const list = values.length > 1 ? `${values.slice(0, -1).map((v) => `"${v}"`).join(', ')} or "${values.at(-1)}"` : `"${values[0]}"`;
      if (typeof input !== 'string') return `${label} must be one of ${list}, not ${kindOf(input)}`;
      const sameButCase = values.find((v) => v.toLowerCase() === input.toLowerCase());
      if (sameButCase !== undefined) return `${label} must be written "${sameButCase}" (values are case-sensitive)`;
      const shown = input.length <= 40 ? ` "${input}"` : '';
      return `${label} must be one of ${list}; the value${shown} is not one of them`;
    }
    default:
      return `${label} is not valid`;
  }
}

// ---------------------------------------------------------------------------------------------------
// The service's rules.

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

interface NameRule {
  /** What the name names, for messages: "the container name". */
  label: string;
  min: number;
  max: number;
  /** One allowed character. */
  allowed: RegExp;
  allowedText: string;
  /** The separator that may not start or end the name. */
  separator: '-' | '_';
  /** Whether two separators in a row are allowed. */
  doubleSeparator: boolean;
}

const NAME_RULES = {
  // Microsoft Learn's container-group guidance says lowercase, but the real service accepted
  // "mycontainerGroupxxx" (aci-recordings/*/recording_containergroups_create_test.json): upper case is allowed.
  group: {
    label: 'the container group name',
    min: 1,
    max: 63,
    allowed: /[A-Za-z0-9-]/,
    allowedText: 'letters, digits and hyphens',
    separator: '-',
    doubleSeparator: false,
  },
  // §4 table: 1–63, lowercase alphanumeric, hyphen anywhere except first/last (so "a--b" is allowed).
  container: {
    label: 'the container name',
    min: 1,
    max: 63,
    allowed: /[a-z0-9-]/,
    allowedText: 'lowercase letters, digits and hyphens',
    separator: '-',
    doubleSeparator: true,
  },
  // §4 table: 5–63, lowercase alphanumeric and hyphens except first/last, no two consecutive hyphens.
  volume: {
    label: 'the volume name',
    min: 5,
    max: 63,
    allowed: /[a-z0-9-]/,
    allowedText: 'lowercase letters, digits and hyphens',
    separator: '-',
    doubleSeparator: false,
  },
  // §4 table: 1–63, case-insensitive alphanumeric, underscore except first/last. We follow the service's
  // documented rule rather than POSIX's (which allows a leading underscore and forbids a leading digit):
  // the validator's job is to predict what ACI accepts, so "_X" is refused here rather than by the
  // service later, and "1X" (which ACI documents as valid) is accepted.
  environmentVariable: {
    label: 'the environment variable name',
    min: 1,
    max: 63,
    allowed: /[A-Za-z0-9_]/,
    allowedText: 'letters, digits and underscores',
    separator: '_',
    doubleSeparator: true,
  },
  // §4 table: 5–63, case-insensitive alphanumeric, hyphen except first/last.
  dnsNameLabel: {
    label: 'the DNS name label',
    min: 5,
    max: 63,
    allowed: /[A-Za-z0-9-]/,
    allowedText: 'letters, digits and hyphens',
    separator: '-',
    doubleSeparator: true,
  },
} satisfies Record<string, NameRule>;

/** The first rule `value` breaks, as a sentence, or undefined. Echoes at most the one bad character. */
function nameProblem(value: string, rule: NameRule): string | undefined {
  const { label, min, max, separator } = rule;
  if (value.length === 0) return `${label} must not be empty`;
  if (value.length < min) return `${label} must be at least ${min} characters long (it has ${value.length})`;
  if (value.length > max) return `${label} must be at most ${max} characters long (it has ${value.length})`;
  const bad = [...value].find((c) => !rule.allowed.test(c));
  if (bad !== undefined) return `${label} may contain only ${rule.allowedText}, and ${JSON.stringify(bad)} is not one of them`;
  if (value.startsWith(separator) || value.endsWith(separator)) return `${label} must not start or end with "${separator}"`;
  if (!rule.doubleSeparator && value.includes(separator + separator)) return `${label} must not contain two "${separator}" in a row`;
  return undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const VOLUME_KINDS = ['azureFile', 'emptyDir', 'secret', 'gitRepo'] as const;

class Problems {
  readonly list: ValidationProblem[] = [];
  add(path: string, message: string): void {
    if (!this.list.some((p) => p.path === path && p.message === message)) this.list.push({ path, message });
  }
}

function checkGroupName(name: unknown, problems: Problems): void {
  if (typeof name !== 'string') problems.add('name', `the container group name must be a string, not ${kindOf(name)}`);
  else {
    const problem = nameProblem(name, NAME_RULES.group);
    if (problem) problems.add('name', problem);
  }
}

function checkServiceRules(group: Rec, problems: Problems): void {
  const containers = itemsOf(group.containers);
  if (Array.isArray(group.containers)) {
    if (containers.length === 0) problems.add('containers', 'a container group needs at least one container');
    if (containers.length > MAX_CONTAINERS) {
      problems.add('containers', `a container group can have at most ${MAX_CONTAINERS} containers (it has ${containers.length})`);
    }
  }

  const volumeNames = checkVolumes(group, problems);
  const limits =
    group.priority === 'Spot'
      ? { kind: 'Spot', ...GROUP_RESOURCE_LIMITS.Spot }
      : group.sku === 'Confidential'
        ? { kind: 'Confidential', ...GROUP_RESOURCE_LIMITS.Confidential }
        : { kind: 'Standard', ...GROUP_RESOURCE_LIMITS.Standard };

  const seenNames = new Map<string, string>();
  const exposedPorts = new Set<number>();
  let totalCpu = 0;
  let totalMemory = 0;
  let containerOverLimit = false;

  const lists = [
    ['containers', containers],
    ['initContainers', itemsOf(group.initContainers)],
  ] as const;
  for (const [list, items] of lists) {
    items.forEach((container, i) => {
      if (!isRecord(container)) return;
      const at = `${list}[${i}]`;
      if (typeof container.name === 'string') {
        const problem = nameProblem(container.name, NAME_RULES.container);
        if (problem) problems.add(`${at}.name`, problem);
        const first = seenNames.get(container.name);
        if (first !== undefined) problems.add(`${at}.name`, `the container name ${JSON.stringify(container.name)} is already used by ${first}`);
        else seenNames.set(container.name, at);
      }
      if (typeof container.image === 'string' && container.image.trim() === '') problems.add(`${at}.image`, 'the image must not be empty');

      if (list === 'containers') {
        for (const [j, port] of itemsOf(container.ports).entries()) {
          if (!isRecord(port) || !Number.isInteger(port.port)) continue;
          const p = port.port as number;
          if (p < 1 || p > 65535) problems.add(`${at}.ports[${j}].port`, `port must be between 1 and 65535 (it is ${p})`);
          else exposedPorts.add(p);
        }
        const resources = checkResources(container.resources, `${at}.resources`, limits, problems);
        totalCpu += resources.cpu;
        totalMemory += resources.memoryInGB;
        containerOverLimit ||= resources.overLimit;
      }

      checkEnvironmentVariables(container.environmentVariables, `${at}.environmentVariables`, problems);
      checkVolumeMounts(container.volumeMounts, `${at}.volumeMounts`, volumeNames, problems);
    });
  }

  if (!containerOverLimit) {
    const round = (n: number) => Math.round(n * 1000) / 1000;
    if (totalCpu > limits.cpu) {
      problems.add('containers', `the containers request ${round(totalCpu)} CPUs in total, more than the ${limits.cpu} a ${limits.kind} container group can have`);
    }
    if (totalMemory > limits.memoryInGB) {
      problems.add(
        'containers',
        `the containers request ${round(totalMemory)} GB of memory in total, more than the ${limits.memoryInGB} GB a ${limits.kind} container group can have`,
      );
    }
  }

  // Without containers, "no container exposes this port" would only repeat the problem above.
  checkIpAddress(group.ipAddress, containers.length > 0 ? exposedPorts : undefined, problems);
}

interface ResourceTotals {
  cpu: number;
  memoryInGB: number;
  overLimit: boolean;
}

function checkResources(
  resources: unknown,
  at: string,
  limits: { kind: string; cpu: number; memoryInGB: number },
  problems: Problems,
): ResourceTotals {
  const totals: ResourceTotals = { cpu: 0, memoryInGB: 0, overLimit: false };
  if (!isRecord(resources)) return totals;
  const requests = isRecord(resources.requests) ? resources.requests : {};
  const maxima = isRecord(resources.limits) ? resources.limits : undefined;
  const units = { cpu: 'CPUs', memoryInGB: 'GB' } as const;

  for (const field of ['cpu', 'memoryInGB'] as const) {
    const requested = requests[field];
    if (typeof requested === 'number' && Number.isFinite(requested)) {
      if (requested <= 0) problems.add(`${at}.requests.${field}`, `${field} must be greater than 0 (it is ${requested})`);
      else if (requested > limits[field]) {
        totals.overLimit = true;
        problems.add(
          `${at}.requests.${field}`,
          `${field} must be at most ${limits[field]} ${units[field]}, the most a ${limits.kind} container group can have (it is ${requested})`,
        );
      } else totals[field] = requested;
    }
    const limit = maxima?.[field];
    if (typeof limit === 'number' && Number.isFinite(limit)) {
      if (limit <= 0) problems.add(`${at}.limits.${field}`, `${field} must be greater than 0 (it is ${limit})`);
      else if (typeof requested === 'number' && limit < requested) {
        problems.add(`${at}.limits.${field}`, `the ${field} limit (${limit}) must not be below the ${field} request (${requested})`);
      }
    }
  }

  for (const [kind, source] of [
    ['requests', requests],
    ['limits', maxima],
  ] as const) {
    const gpu = source?.gpu;
    if (!isRecord(gpu)) continue;
    if (Number.isInteger(gpu.count) && (gpu.count as number) < 1) {
      problems.add(`${at}.${kind}.gpu.count`, `the GPU count must be at least 1 (it is ${gpu.count as number})`);
    }
    if (typeof gpu.sku === 'string' && gpu.sku.trim() === '') problems.add(`${at}.${kind}.gpu.sku`, 'the GPU sku must not be empty');
  }
  return totals;
}

function checkEnvironmentVariables(variables: unknown, at: string, problems: Problems): void {
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

function checkVolumeMounts(mounts: unknown, at: string, volumeNames: ReadonlySet<string>, problems: Problems): void {
  for (const [i, mount] of itemsOf(mounts).entries()) {
    if (!isRecord(mount)) continue;
    if (typeof mount.name === 'string' && !volumeNames.has(mount.name)) {
      problems.add(`${at}[${i}].name`, `the volume mount names ${JSON.stringify(mount.name)}, which is not one of the group's volumes`);
    }
    // The spec's only rule on mountPath is "must not contain a colon". The docs' examples are absolute, but
    // the real service accepted "mnt/mydir" (aci-recordings/*/recording_containergroups_create_test.json),
    // so a relative path is not refused here.
    if (typeof mount.mountPath === 'string') {
      if (mount.mountPath.trim() === '') problems.add(`${at}[${i}].mountPath`, 'the mount path must not be empty');
      else if (mount.mountPath.includes(':')) problems.add(`${at}[${i}].mountPath`, 'the mount path must not contain ":"');
    }
  }
}

/** Checks `volumes` and returns the declared names (valid or not, so mounts are judged only once). */
function checkVolumes(group: Rec, problems: Problems): Set<string> {
  const names = new Set<string>();
  const volumes = itemsOf(group.volumes);
  if (volumes.length > MAX_VOLUMES) problems.add('volumes', `a container group can have at most ${MAX_VOLUMES} volumes (it has ${volumes.length})`);
  for (const [i, volume] of volumes.entries()) {
    if (!isRecord(volume)) continue;
    const at = `volumes[${i}]`;
    if (typeof volume.name === 'string') {
      const problem = nameProblem(volume.name, NAME_RULES.volume);
      if (problem) problems.add(`${at}.name`, problem);
      if (names.has(volume.name)) {
        const first = volumes.findIndex((v) => isRecord(v) && v.name === volume.name);
        problems.add(`${at}.name`, `the volume name ${JSON.stringify(volume.name)} is already used by volumes[${first}]`);
      }
      names.add(volume.name);
    }
    const kinds = VOLUME_KINDS.filter((k) => volume[k] !== undefined && volume[k] !== null);
    if (kinds.length !== 1) {
      const has = kinds.length === 0 ? 'it has none' : `it has ${kinds.join(' and ')}`;
      problems.add(at, `a volume needs exactly one of azureFile, emptyDir, secret or gitRepo (${has})`);
    }
    if (isRecord(volume.secret)) {
      for (const [file, content] of Object.entries(volume.secret)) {
        if (typeof content === 'string' && !BASE64.test(content)) {
          problems.add(formatPath(['volumes', i, 'secret', file]), `the content of secret file ${JSON.stringify(file)} must be base64-encoded`);
        }
      }
    }
    if (isRecord(volume.azureFile)) {
      for (const field of ['shareName', 'storageAccountName'] as const) {
        const value = volume.azureFile[field];
        if (typeof value === 'string' && value.trim() === '') problems.add(`${at}.azureFile.${field}`, `${field} must not be empty`);
      }
    }
    if (isRecord(volume.gitRepo) && typeof volume.gitRepo.repository === 'string' && volume.gitRepo.repository.trim() === '') {
      problems.add(`${at}.gitRepo.repository`, 'the repository must not be empty');
    }
  }
  return names;
}

function checkIpAddress(ipAddress: unknown, exposedPorts: ReadonlySet<number> | undefined, problems: Problems): void {
  if (!isRecord(ipAddress)) return;
  const ports = itemsOf(ipAddress.ports);
  if (ports.length > MAX_IP_PORTS) {
    problems.add('ipAddress.ports', `an IP address can expose at most ${MAX_IP_PORTS} ports (it has ${ports.length})`);
  }
  for (const [i, port] of ports.entries()) {
    if (!isRecord(port) || !Number.isInteger(port.port)) continue;
    const p = port.port as number;
    const at = `ipAddress.ports[${i}].port`;
    if (p < 1 || p > 65535) problems.add(at, `port must be between 1 and 65535 (it is ${p})`);
    // The service matches the group's ports to the containers' by number.
    else if (exposedPorts && !exposedPorts.has(p)) problems.add(at, `port ${p} is not exposed by any container; add it to a container's ports`);
  }
  if (typeof ipAddress.dnsNameLabel === 'string') {
    const problem = nameProblem(ipAddress.dnsNameLabel, NAME_RULES.dnsNameLabel);
    if (problem) problems.add('ipAddress.dnsNameLabel', problem);
  }
}

// ---------------------------------------------------------------------------------------------------

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
    const result = containerGroupSchema.safeParse(group, { error: (issue) => structuralMessage(issue as RawIssue) });
    for (const issue of result.error?.issues ?? []) problems.add(formatPath(issue.path), issue.message);
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
