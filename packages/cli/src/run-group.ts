/**
 * The group `run` creates: from flags alone (one container, Airflow operator's defaults), or from
 * `--file` with the flags given overriding the file's main container. Pure, except for reading
 * `--secure-env-file` and the environment in {@link resolveSecureEnv}.
 */
import { readFile } from 'node:fs/promises';
import { mainContainerOf, type Container, type ContainerGroup, type EnvironmentVariable } from '@container-hook/core';
import { describeFsError } from './group-file.js';
import { cliTags } from './tags.js';
import { UsageError } from './usage-error.js';

/** Airflow's `AzureContainerInstancesOperator` defaults. */
export const RUN_DEFAULTS = { cpu: 1, memoryInGB: 1.5, restartPolicy: 'Never', osType: 'Linux' } as const;

export interface RunGroupFlags {
  image?: string;
  location?: string;
  cpu?: number;
  memory?: number;
  /** `K=V` strings. */
  env?: string[];
  /** Resolved secure variables (see {@link resolveSecureEnv}). */
  secureEnv?: { name: string; value: string }[];
  restartPolicy?: string;
  ports?: number[];
  /** The command and its arguments (after `--`); empty keeps the image's (or the file's). */
  command?: string[];
}

/**
 * Resolves `--secure-env NAME` (from `env`), `--secure-env NAME=VALUE` and the `NAME=VALUE` lines of
 * `--secure-env-file` (blank lines and `#` comments skipped, an `export ` prefix and matching quotes
 * removed). Later definitions of a name win.
 * @throws {UsageError} naming the variable (never its value) when it is not set or a line is malformed.
 */
export async function resolveSecureEnv(specs: readonly string[], file: string | undefined, env: NodeJS.ProcessEnv): Promise<{ name: string; value: string }[]> {
  const out = new Map<string, string>();
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --secure-env-file "${file}": ${describeFsError(e)}; check the path`);
    }
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim().replace(/^export\s+/, '');
      if (line === '' || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      if (eq <= 0) throw new UsageError(`--secure-env-file "${file}" line ${i + 1} is not NAME=VALUE; fix that line`);
      out.set(line.slice(0, eq).trim(), unquote(line.slice(eq + 1).trim()));
    });
  }
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq > 0) {
      out.set(spec.slice(0, eq), spec.slice(eq + 1));
      continue;
    }
    const value = env[spec];
    if (value === undefined) {
      throw new UsageError(`--secure-env ${spec}: the environment variable ${spec} is not set; export it first (or use --secure-env-file)`);
    }
    out.set(spec, value);
  }
  return [...out].map(([name, value]) => ({ name, value }));
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length >= 2 && value.endsWith(q) ? value.slice(1, -1) : value;
}

/**
 * The group to run. With `file`, a deep copy of it with the flags given applied to its main container
 * (the one named like the group, else the first); without, one container named like the group.
 * Either way: `restartPolicy` defaults to `Never` and `osType` to `Linux`, the main container's requests
 * to 1 CPU and 1.5 GB, and the CLI's tags are added (see `tags.ts`).
 * @throws {UsageError} when neither `--image` nor `--file` gives an image.
 */
export function buildRunGroup(name: string, flags: RunGroupFlags, file: ContainerGroup | undefined, now: Date): ContainerGroup {
  const group: ContainerGroup = file ? structuredClone(file) : { containers: [], osType: RUN_DEFAULTS.osType };
  group.containers ??= [];
  let main = mainContainerOf(name, group.containers);
  if (!main) {
    if (flags.image === undefined) {
      throw new UsageError(file ? 'the file defines no container and --image is not given; add a container or pass --image' : '--image is required (or give a group with --file)');
    }
    main = { name: name.toLowerCase(), image: flags.image, resources: { requests: { cpu: RUN_DEFAULTS.cpu, memoryInGB: RUN_DEFAULTS.memoryInGB } } };
    group.containers.push(main);
  }
  applyFlags(main, flags);
  if (flags.location !== undefined) group.location = flags.location;
  group.restartPolicy = flags.restartPolicy ?? group.restartPolicy ?? RUN_DEFAULTS.restartPolicy;
  group.osType ??= RUN_DEFAULTS.osType;
  if (flags.ports?.length) {
    const ports = group.ipAddress?.ports ?? [];
    const added = flags.ports.filter((p) => !ports.some((x) => x.port === p)).map((port) => ({ port, protocol: 'TCP' }));
    group.ipAddress = { ...group.ipAddress, type: group.ipAddress?.type ?? 'Public', ports: [...ports, ...added] };
  }
  group.tags = { ...group.tags, ...cliTags(now) };
  return group;
}

function applyFlags(main: Container, flags: RunGroupFlags): void {
  if (flags.image !== undefined) main.image = flags.image;
  if (flags.command?.length) main.command = [...flags.command];
  const requests = main.resources?.requests;
  main.resources = {
    ...main.resources,
    requests: {
      ...requests,
      cpu: flags.cpu ?? requests?.cpu ?? RUN_DEFAULTS.cpu,
      memoryInGB: flags.memory ?? requests?.memoryInGB ?? RUN_DEFAULTS.memoryInGB,
    },
  };
  const vars: EnvironmentVariable[] = [...(main.environmentVariables ?? [])];
  const set = (v: EnvironmentVariable) => {
    const i = vars.findIndex((x) => x.name === v.name);
    if (i >= 0) vars[i] = v;
    else vars.push(v);
  };
  for (const kv of flags.env ?? []) {
    const eq = kv.indexOf('=');
    set({ name: kv.slice(0, eq), value: kv.slice(eq + 1) });
  }
  for (const { name, value } of flags.secureEnv ?? []) set({ name, secureValue: value });
  if (vars.length) main.environmentVariables = vars;
  if (flags.ports?.length) {
    const ports = [...(main.ports ?? [])];
    for (const port of flags.ports) if (!ports.some((p) => p.port === port)) ports.push({ port, protocol: 'TCP' });
    main.ports = ports;
  }
}
