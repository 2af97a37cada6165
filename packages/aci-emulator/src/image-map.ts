/**
 * Registry images → local images. No image registry is reachable offline, so the spec's examples (which
 * run `nginx`, `alpine`, `mcr.microsoft.com/azuredocs/aci-helloworld`) run on images made locally. A
 * client still sees the image it asked for: only the hook is given the mapped one.
 */
import type { ContainerGroup } from '@container-hook/core';

/** `FROM → TO`; a `FROM` without a tag matches every tag of that image. */
export type ImageMap = Readonly<Record<string, string>>;

/**
 * Parses `FROM=TO` pairs (the CLI's `--image-map`).
 * @throws {TypeError} when a pair has no `=` or an empty side.
 */
export function parseImageMap(pairs: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at < 0 || !from || !to) throw new TypeError(`image map "${pair}" is not of the form FROM=TO (for example nginx=container-hook/busybox:local)`);
    map[from] = to;
  }
  return map;
}

/** `docker.io/library/nginx:1.25` → `{ name: 'nginx', tag: '1.25' }`: Docker Hub's implicit prefixes removed. */
function splitReference(image: string): { name: string; tag: string | undefined } {
  let ref = image.trim().toLowerCase();
  const digest = ref.indexOf('@');
  if (digest >= 0) ref = ref.slice(0, digest);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const tag = colon > slash ? ref.slice(colon + 1) : undefined;
  let name = colon > slash ? ref.slice(0, colon) : ref;
  name = name.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return { name, tag };
}

/** The local image for `image`: an exact entry, else the entry for its name without a tag, else `image` itself. */
export function mapImage(image: string, map: ImageMap): string {
  const wanted = splitReference(image);
  let byName: string | undefined;
  for (const [from, to] of Object.entries(map)) {
    const entry = splitReference(from);
    if (entry.name !== wanted.name) continue;
    if (entry.tag !== undefined && entry.tag === (wanted.tag ?? 'latest')) return to;
    if (entry.tag === undefined) byName = to;
  }
  return byName ?? image;
}

/** A copy of `group` whose containers and init containers use the mapped images. */
export function applyImageMap(group: ContainerGroup, map: ImageMap): ContainerGroup {
  if (Object.keys(map).length === 0) return group;
  return {
    ...group,
    containers: group.containers.map((c) => ({ ...c, image: mapImage(c.image, map) })),
    ...(group.initContainers ? { initContainers: group.initContainers.map((c) => (c.image ? { ...c, image: mapImage(c.image, map) } : c)) } : {}),
  };
}
