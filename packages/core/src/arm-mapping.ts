/**
 * The container group on the wire (ARM's `Microsoft.ContainerInstance/containerGroups` body) ⇄ the model
 * (the SDK's flattened shape). The SDK flattens `properties` into the group and each container's
 * `properties` into the container; these functions do the same, by hand, for code that speaks REST
 * (the emulator, documents read from disk).
 *
 * Pure functions: no I/O, inputs are never modified, outputs share no objects with inputs.
 *
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/create-or-update
 */
import type { ContainerGroup } from './model.js';

/** A container (or init container) on the wire: the name beside a `properties` bag. */
export interface ArmContainer {
  name: string;
  properties: { [key: string]: unknown };
}

/** The properties bag of a container group on the wire; timestamps are ISO 8601 strings. */
export interface ArmContainerGroupProperties {
  containers: ArmContainer[];
  initContainers?: ArmContainer[];
  [key: string]: unknown;
}

/** A container group as ARM sends and receives it (`ContainerGroup` of the REST spec). */
export interface ArmContainerGroup {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  tags?: { [key: string]: string };
  zones?: string[];
  identity?: { [key: string]: unknown };
  properties: ArmContainerGroupProperties;
}

/** Keys that stay outside `properties` on the wire (ARM's resource envelope). */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'type', 'location', 'tags', 'zones', 'identity']);
/** Keys of `ContainerState` and `Event` that hold ISO 8601 timestamps. */
const TIMESTAMP_KEYS: ReadonlySet<string> = new Set(['startTime', 'finishTime', 'firstTimestamp', 'lastTimestamp']);

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A deep copy as JSON would carry it: Dates become ISO strings, `undefined` members are left out. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value)) return value.map(toWire);
  if (isRecord(value)) {
    const out: Rec = {};
    for (const [k, v] of Object.entries(value)) {
      const wire = toWire(v);
      if (wire !== undefined) out[k] = wire;
    }
    return out;
  }
  return value;
}

/** A deep copy in which the timestamp fields of instance views become Dates (unparseable strings stay strings). */
function fromWire(value: unknown, inInstanceView = false): unknown {
  if (Array.isArray(value)) return value.map((v) => fromWire(v, inInstanceView));
  if (value instanceof Date) return new Date(value.getTime());
  if (!isRecord(value)) return value;
  const out: Rec = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (inInstanceView && TIMESTAMP_KEYS.has(k) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) out[k] = new Date(v);
    else out[k] = fromWire(v, inInstanceView || k === 'instanceView');
  }
  return out;
}

function toArmContainer(container: unknown): unknown {
  if (!isRecord(container)) return toWire(container);
  const { name, ...properties } = container;
  return { name, properties: toWire(properties) };
}

function fromArmContainer(container: unknown): unknown {
  if (!isRecord(container)) return fromWire(container);
  const properties = isRecord(container.properties) ? container.properties : {};
  const out: Rec = {};
  if (container.name !== undefined) out.name = container.name;
  Object.assign(out, fromWire(properties));
  return out;
}

/**
 * The ARM wire body of a container group: resource-envelope fields (`id`, `name`, `type`, `location`,
 * `tags`, `zones`, `identity`) at the top, everything else under `properties`, each container as
 * `{ name, properties }`, Dates as ISO 8601 strings. Read-only fields the model holds (instance views,
 * `provisioningState`) are kept, so the result can also serve as a GET response body; keys the model does
 * not declare (a newer service's properties) go under `properties` unchanged.
 *
 * @param group - The container group in the SDK's flattened shape; not modified.
 * @returns A new object, safe to `JSON.stringify`, with no `undefined` members.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/create-or-update
 */
export function toArmContainerGroup(group: ContainerGroup): ArmContainerGroup {
  const envelope: Rec = {};
  const properties: Rec = {};
  for (const [key, value] of Object.entries(group as unknown as Rec)) {
    if (value === undefined) continue;
    if (ENVELOPE_KEYS.has(key)) envelope[key] = toWire(value);
    else if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) properties[key] = value.map(toArmContainer);
    else properties[key] = toWire(value);
  }
  return { ...envelope, properties } as unknown as ArmContainerGroup;
}

/**
 * The model of a container group from its ARM wire body: `properties` flattened into the group, each
 * container's `properties` flattened into the container, `id`/`name`/`type` kept, the instance views'
 * ISO 8601 timestamps (`startTime`, `finishTime`, `firstTimestamp`, `lastTimestamp`) turned into Dates.
 * Keys of `properties` the model does not declare (`provisioningTimeoutInSeconds`, `isCreatedFromStandbyPool`,
 * ...) are kept on the group, so {@link toArmContainerGroup} gives them back; envelope keys other than
 * the ARM resource's own (for example `systemData`) are left out.
 *
 * The result is not validated: call `validateContainerGroup` before using it.
 *
 * @param body - A container group body as ARM sends it (a GET, PUT or list item); not modified. A body
 *   without `properties` gives a group without containers (which validation then reports).
 * @returns A new object in the SDK's flattened shape.
 * @throws {TypeError} when `body` is not an object.
 * @see https://learn.microsoft.com/rest/api/container-instances/container-groups/get
 */
export function fromArmContainerGroup(body: ArmContainerGroup): ContainerGroup {
  if (!isRecord(body)) throw new TypeError('fromArmContainerGroup: the body must be an object');
  const group: Rec = {};
  for (const key of ENVELOPE_KEYS) if (body[key] !== undefined) group[key] = fromWire(body[key]);
  const properties = isRecord(body.properties) ? body.properties : {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) group[key] = value.map(fromArmContainer);
    else group[key] = fromWire(value, key === 'instanceView');
  }
  return group as unknown as ContainerGroup;
}

/**
 * A copy of a model read from text (JSON or YAML), with the instance views' ISO 8601 timestamps turned
 * into Dates as the model types them. Internal: used by `parseContainerGroupDocument`.
 *
 * @param group - A group in the SDK's flattened shape whose timestamps may be strings; not modified.
 * @returns A new object.
 */
export function reviveContainerGroupDates(group: unknown): unknown {
  return fromWire(group);
}

/**
 * The ARM path of a model path, for reporting a validation problem against a wire body (for example as
 * a `CloudError.target`): `containers[0].image` → `properties.containers[0].properties.image`,
 * `osType` → `properties.osType`; envelope paths (`location`, `tags.env`) and `name` stay as they are.
 *
 * @param path - A path as `validateContainerGroup` reports it.
 * @returns The same place in the ARM wire body.
 */
export function toArmPath(path: string): string {
  if (path === '') return '';
  const head = /^[A-Za-z_$][\w$]*/.exec(path)?.[0] ?? '';
  if (ENVELOPE_KEYS.has(head)) return path;
  const container = /^(containers|initContainers)(\[\d+\])(.*)$/.exec(path);
  if (container) {
    const [, list, index, rest = ''] = container;
    if (rest === '' || rest === '.name' || rest.startsWith('.name.') || rest.startsWith('.name[')) return `properties.${list}${index}${rest}`;
    return `properties.${list}${index}.properties${rest}`;
  }
  return `properties.${path}`;
}
