import { createHash } from 'node:crypto';
import type { ContainerCreateOptions, ContainerInfo, MountSettings } from 'dockerode';
import type { Container, ContainerGroup, EnvironmentVariable, InitContainerDefinition, Volume } from '@container-hook/core';
import { SANDBOX_IMAGE } from './network.js';

/** The labels every Docker object of a group carries. */
export const LABELS = {
  resourceGroup: 'container-hook.resource-group',
  group: 'container-hook.group',
  container: 'container-hook.container',
  role: 'container-hook.role',
  specHash: 'container-hook.spec-hash',
  createdBy: 'container-hook.created-by',
  /** On the sandbox only: the group as applied, secrets removed (what getState returns). */
  spec: 'container-hook.spec',
  /** On the sandbox only: the image pulls done for the group (Pulling/Pulled/Failed events). */
  events: 'container-hook.events',
  /** On init containers: their position. */
  initIndex: 'container-hook.init-index',
} as const;

export const CREATED_BY = 'container-hook';

export type Role = 'sandbox' | 'init' | 'container';

/** Where secret volumes are held open inside the sandbox (see {@link toSecretVolumeOptions}). */
export const SECRET_HOLD_DIR = '/.container-hook/secrets';

/** The deterministic Docker names of a group's objects. */
export interface GroupNames {
  /** The resource group, lowercased (ARM names are case-insensitive). */
  resourceGroup: string;
  name: string;
  sandbox: string;
  member(container: string): string;
  init(container: string): string;
  volume(volume: string): string;
}

/**
 * Names derived from the lowercased resource group and the group name: `ch-<rg>-<name>-<hash8>`.
 * Docker names are case-sensitive and limited to `[a-zA-Z0-9][a-zA-Z0-9_.-]`; ARM resource-group names
 * may hold `(`, `)` and non-ASCII letters, so unsafe characters become `_` and the hash keeps names apart.
 * Members are `<sandbox>_<container>`, init containers `<sandbox>_init_<container>` (container names never
 * hold `_`), volumes `<sandbox>_vol_<volume>`.
 */
export function toGroupNames(resourceGroup: string, name: string): GroupNames {
  const rg = resourceGroup.toLowerCase();
  const hash = createHash('sha256').update(`${rg}/${name}`).digest('hex').slice(0, 8);
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '_').slice(0, 60);
  const sandbox = `ch-${safe(rg)}-${safe(name)}-${hash}`;
  return {
    resourceGroup: rg,
    name,
    sandbox,
    member: (c) => `${sandbox}_${safe(c)}`,
    init: (c) => `${sandbox}_init_${safe(c)}`,
    volume: (v) => `${sandbox}_vol_${safe(v)}`,
  };
}

/** The subscription in the resource ids of local groups (`toContainerGroupId`): there is none locally. */
export const LOCAL_SUBSCRIPTION = 'local';

/**
 * The name a group's sandbox takes when `delete` begins: `<sandbox>-deleting-<id12>` (unique per sandbox;
 * it holds no `_`, so it is no member's name). Every lookup of the group is by the sandbox's own name, so
 * from that rename on the group reads as not found, as ACI's GET once a delete began. Pure.
 */
export function toDeletingName(names: GroupNames, sandboxId: string): string {
  return `${names.sandbox}-deleting-${sandboxId.slice(0, 12)}`;
}

/** Whether a sandbox, by its engine name (`/name` as listed, or `name`), is one `delete` renamed. Pure. */
export function isDeletingSandbox(names: GroupNames, engineName: string): boolean {
  return engineName.replace(/^\//, '') !== names.sandbox;
}

/**
 * Of a group's containers (a label lookup, {@link toGroupFilter}), those an interrupted or running `delete`
 * left, which a new group of that name must not meet (their names are the new members' names): every one,
 * except a live group's: the sandbox holding the deterministic name and the containers that joined it (the
 * engine resolved `container:<sandbox>` to the sandbox's id when it created them). `live` tells whether such
 * a sandbox was found: its volumes then carry the same names as any leftover ones, so none may be removed.
 * Pure.
 */
export function toLeftovers<C extends Pick<ContainerInfo, 'Id' | 'Names' | 'Labels' | 'HostConfig'>>(
  names: GroupNames,
  containers: C[],
): { leftovers: C[]; live: boolean } {
  const live = containers.find((c) => c.Labels[LABELS.role] === 'sandbox' && !isDeletingSandbox(names, c.Names[0] ?? ''));
  if (!live) return { leftovers: containers, live: false };
  return { leftovers: containers.filter((c) => c !== live && c.HostConfig.NetworkMode !== `container:${live.Id}`), live: true };
}

/** The engine filter matching every container and volume of one group, by its labels. Pure. */
export function toGroupFilter(names: GroupNames): { label: string[] } {
  return { label: [`${LABELS.resourceGroup}=${names.resourceGroup}`, `${LABELS.group}=${names.name}`, `${LABELS.createdBy}=${CREATED_BY}`] };
}

/** The engine filter matching the sandboxes of a resource group (its name lowercased), or of every group. Pure. */
export function toSandboxFilter(resourceGroup?: string): { label: string[] } {
  const label = [`${LABELS.role}=sandbox`, `${LABELS.createdBy}=${CREATED_BY}`];
  if (resourceGroup !== undefined) label.push(`${LABELS.resourceGroup}=${resourceGroup.toLowerCase()}`);
  return { label };
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The group as applied: read-only fields removed (`id`, `name`, `type`, `provisioningState`, instance
 * views, `ipAddress.ip`/`fqdn`) and ACI's default restart policy (`Always`) made explicit. Pure.
 */
export function normaliseGroup(group: ContainerGroup): ContainerGroup {
  const g = stripUndefined(group) as ContainerGroup & Record<string, unknown>;
  for (const k of ['id', 'name', 'type', 'provisioningState', 'instanceView']) delete g[k];
  for (const c of g.containers ?? []) delete c.instanceView;
  for (const c of g.initContainers ?? []) delete c.instanceView;
  if (g.ipAddress) {
    delete g.ipAddress.ip;
    delete g.ipAddress.fqdn;
  }
  g.restartPolicy = g.restartPolicy ?? 'Always';
  return g;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash that makes createOrUpdate idempotent: sha256 of the normalised group (secrets included, so a
 * changed secret replaces the group) and of the extra labels. Pure.
 */
export function toSpecHash(normalised: ContainerGroup, extraLabels: Record<string, string> = {}): string {
  return createHash('sha256').update(stableJson({ group: normalised, labels: extraLabels })).digest('hex');
}

/**
 * The group as applied, read back from the sandbox's label: the normalised group with its secrets hidden
 * (the core's `hideSecrets`, applied when the group is created), so no secret is ever in a label. Pure.
 */
export function fromStoredSpec(sandboxLabels: Record<string, string> | undefined): ContainerGroup {
  return JSON.parse(sandboxLabels?.[LABELS.spec] ?? '{"containers":[]}') as ContainerGroup;
}

/** ACI restart policy → the engine's. Always (ACI's default) → `always`, OnFailure → `on-failure`, Never → `no`. */
export function toDockerRestartPolicy(policy: string | undefined): 'always' | 'on-failure' | 'no' {
  switch ((policy ?? 'Always').toLowerCase()) {
    case 'always':
      return 'always';
    case 'onfailure':
      return 'on-failure';
    case 'never':
      return 'no';
    default:
      throw new RangeError(`unknown restart policy "${policy}"`);
  }
}

/** The labels of one object of the group. */
export function toLabels(names: GroupNames, role: Role, specHash: string, extra: Record<string, string>, container?: string): Record<string, string> {
  return {
    ...extra,
    [LABELS.resourceGroup]: names.resourceGroup,
    [LABELS.group]: names.name,
    [LABELS.role]: role,
    [LABELS.specHash]: specHash,
    [LABELS.createdBy]: CREATED_BY,
    ...(container !== undefined ? { [LABELS.container]: container } : {}),
  };
}

function toEnv(env: EnvironmentVariable[] | undefined): string[] {
  return (env ?? []).map((e) => `${e.name}=${e.secureValue ?? e.value ?? ''}`);
}

/** The `local` driver's options of a secret volume: a tmpfs (memory only). */
const SECRET_VOLUME_DRIVER_OPTS = { type: 'tmpfs', device: 'tmpfs', o: 'size=16m,mode=0755' } as const;

/**
 * How a mount re-creates its volume if it is missing. WARNING: a `delete` still running while the group is
 * created again (the two meet once `createOrUpdate` removed the delete's leftovers) removes, by label, the
 * new volumes that no container mounts yet; the engine then creates a missing volume itself when a
 * container mounting it is created, with these labels and driver options, so it is still the group's (and
 * a secret one still in memory). The options are ignored for a volume that exists.
 */
function toVolumeOptions(v: Volume | undefined, volumeLabels: Record<string, string>): MountSettings['VolumeOptions'] {
  return { NoCopy: false, Labels: volumeLabels, DriverConfig: { Name: 'local', Options: v?.secret ? { ...SECRET_VOLUME_DRIVER_OPTS } : {} } };
}

function toMounts(names: GroupNames, volumes: Volume[] | undefined, c: Container | InitContainerDefinition, volumeLabels: Record<string, string>): MountSettings[] {
  return (c.volumeMounts ?? []).map((m) => {
    const v = volumes?.find((x) => x.name === m.name);
    return {
      Type: 'volume',
      Source: names.volume(m.name),
      Target: m.mountPath,
      // Secret volumes are read-only in ACI.
      ReadOnly: Boolean(m.readOnly) || Boolean(v?.secret),
      VolumeOptions: toVolumeOptions(v, volumeLabels),
    };
  });
}

/**
 * The log driver of every member and init container: `local` stores each entry's bytes as written
 * (protobuf), whereas `json-file` encodes each entry as a JSON string, so the 16 KiB cut the engine makes
 * in a long line turns a character it splits into U+FFFD, for good. The engine's defaults (20 MB files,
 * 5 kept, rotated files compressed) are spelled out so that the retention is visible here.
 */
export const LOG_DRIVER = { Type: 'local', Config: { 'max-size': '20m', 'max-file': '5', compress: 'true' } } as const;

/** A public port's key in the engine's port maps (`80/tcp`). */
export function toPortKey(port: number, protocol: string | undefined): string {
  return `${port}/${(protocol ?? 'TCP').toLowerCase()}`;
}

/**
 * The sandbox: holds the network namespace, the published ports, DNS settings and secret volumes.
 * `volumeLabels` are the labels of the group's volumes (see {@link toVolumeOptions}). Pure.
 */
export function toSandboxCreateOptions(names: GroupNames, group: ContainerGroup, labels: Record<string, string>, volumeLabels: Record<string, string>): ContainerCreateOptions {
  const publicPorts = group.ipAddress && group.ipAddress.type.toLowerCase() === 'public' ? group.ipAddress.ports : [];
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of publicPorts) {
    const key = toPortKey(p.port, p.protocol);
    exposed[key] = {};
    // Ephemeral loopback ports: two groups never collide, and nothing is exposed beyond this machine.
    bindings[key] = [{ HostIp: '127.0.0.1', HostPort: '' }];
  }
  const secretVolumes = (group.volumes ?? []).filter((v) => v.secret);
  const dns = group.dnsConfig;
  return {
    name: names.sandbox,
    Image: SANDBOX_IMAGE,
    Hostname: names.name.slice(0, 63),
    Labels: labels,
    ExposedPorts: exposed,
    HostConfig: {
      PortBindings: bindings,
      RestartPolicy: { Name: 'unless-stopped' },
      Mounts: secretVolumes.map((v) => ({ Type: 'volume', Source: names.volume(v.name), Target: `${SECRET_HOLD_DIR}/${v.name}`, VolumeOptions: toVolumeOptions(v, volumeLabels) })),
      ...(dns?.nameServers?.length ? { Dns: dns.nameServers } : {}),
      ...(dns?.searchDomains ? { DnsSearch: dns.searchDomains.split(/\s+/).filter(Boolean) } : {}),
      ...(dns?.options ? { DnsOptions: dns.options.split(/\s+/).filter(Boolean) } : {}),
    },
  };
}

/**
 * A member or init container, joined to the sandbox's namespace. `volumeLabels` are the labels of the
 * group's volumes (see {@link toVolumeOptions}). Pure.
 */
export function toMemberCreateOptions(
  names: GroupNames,
  group: ContainerGroup,
  c: Container | InitContainerDefinition,
  role: 'container' | 'init',
  labels: Record<string, string>,
  volumeLabels: Record<string, string>,
): ContainerCreateOptions {
  const resources = 'resources' in c ? c.resources : undefined;
  const cpu = resources?.limits?.cpu ?? resources?.requests?.cpu;
  const memoryInGB = resources?.limits?.memoryInGB ?? resources?.requests?.memoryInGB;
  const sc = c.securityContext;
  const user = sc?.runAsUser !== undefined ? `${sc.runAsUser}${sc.runAsGroup !== undefined ? `:${sc.runAsGroup}` : ''}` : undefined;
  // A container's ports are not exposed on it: the engine refuses ExposedPorts with a `container:` network
  // mode. The sandbox owns the namespace and publishes the group's Public ports.
  return {
    name: role === 'init' ? names.init(c.name) : names.member(c.name),
    Image: c.image,
    // ACI's command replaces the image's entrypoint (Kubernetes' `command`); the image's CMD is not appended.
    ...(c.command?.length ? { Entrypoint: c.command } : {}),
    Env: toEnv(c.environmentVariables),
    Labels: labels,
    ...(user !== undefined ? { User: user } : {}),
    HostConfig: {
      NetworkMode: `container:${names.sandbox}`,
      LogConfig: { Type: LOG_DRIVER.Type, Config: { ...LOG_DRIVER.Config } },
      RestartPolicy: { Name: role === 'init' ? 'no' : toDockerRestartPolicy(group.restartPolicy) },
      ...(cpu !== undefined ? { NanoCpus: Math.round(cpu * 1e9) } : {}),
      ...(memoryInGB !== undefined ? { Memory: Math.round(memoryInGB * 1024 ** 3) } : {}),
      Mounts: toMounts(names, group.volumes, c, volumeLabels),
      ...(sc?.privileged ? { Privileged: true } : {}),
      ...(sc?.capabilities?.add?.length ? { CapAdd: sc.capabilities.add } : {}),
      ...(sc?.capabilities?.drop?.length ? { CapDrop: sc.capabilities.drop } : {}),
      ...(sc?.allowPrivilegeEscalation === false ? { SecurityOpt: ['no-new-privileges'] } : {}),
    },
  };
}

/**
 * A secret volume: an engine volume of the `local` driver with `type=tmpfs`, so its files live in memory
 * only. Why not a tmpfs mount filled by `putArchive` before start: the engine mounts tmpfs only at start,
 * so a copy into a created container lands in its writable layer, on disk. A local tmpfs volume is one
 * mount shared by every container using it (the driver counts references), so the sandbox keeps it
 * mounted for the group's life, `putArchive` into the running sandbox fills it, and members mount it
 * read-only. WARNING: if the engine restarts, the contents are gone (re-apply the group).
 */
export function toSecretVolumeOptions(name: string, labels: Record<string, string>): { Name: string; Driver: string; DriverOpts: Record<string, string>; Labels: Record<string, string> } {
  return { Name: name, Driver: 'local', DriverOpts: { ...SECRET_VOLUME_DRIVER_OPTS }, Labels: labels };
}

/** An emptyDir volume: a plain engine volume, removed with the group. */
export function toEmptyDirVolumeOptions(name: string, labels: Record<string, string>): { Name: string; Labels: Record<string, string> } {
  return { Name: name, Labels: labels };
}

/**
 * The registry host of an image reference, as the engine reads it: the first path component when it
 * has a `.` or `:` or is `localhost`, else Docker Hub (`docker.io`). Pure.
 */
export function toRegistryHost(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first.toLowerCase();
  return 'docker.io';
}

/** A registry server as users write it (`https://reg.example:5000/`) → `reg.example:5000`. Pure. */
export function normaliseRegistry(server: string): string {
  let s = server.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  if (s === 'index.docker.io' || s === 'registry-1.docker.io') s = 'docker.io';
  return s;
}

/** Every image of a group, in order, with the containers that use it. Pure. */
export function toImages(group: ContainerGroup): Map<string, string[]> {
  const images = new Map<string, string[]>();
  for (const c of [...(group.initContainers ?? []), ...group.containers]) {
    if (!c.image) continue;
    images.set(c.image, [...(images.get(c.image) ?? []), c.name]);
  }
  return images;
}
