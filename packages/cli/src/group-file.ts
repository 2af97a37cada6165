/**
 * `--file`: a container group read from JSON or YAML in any shape the core recognises (the SDK model, an
 * ARM body, `az container create` YAML), with the read-only fields a `show` output carries removed.
 */
import { readFile } from 'node:fs/promises';
import { parseContainerGroupDocument, type ContainerGroup } from '@container-hook/core';
import { UsageError } from './usage-error.js';

export interface GroupFile {
  /** The group's name, when the file gives one. */
  name?: string;
  group: ContainerGroup;
  format: 'model' | 'arm' | 'az-yaml';
}

/**
 * Reads `--file`. `-` reads standard input.
 * @throws {UsageError} when the file cannot be read.
 * @throws {InvalidContainerGroupError} when the text is not a container group in a known shape.
 */
export async function readGroupFile(path: string, stdin: () => Promise<string> = readStdin): Promise<GroupFile> {
  let text: string;
  try {
    text = path === '-' ? await stdin() : await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --file "${path}": ${describeFsError(e)}; check the path`);
  }
  const doc = parseContainerGroupDocument(text, path === '-' ? '(stdin)' : path);
  return { ...(doc.name === undefined ? {} : { name: doc.name }), group: withoutReadOnlyFields(doc.group), format: doc.format };
}

/** The group without what only a backend fills in (`id`, `name`, `type`, `provisioningState`, instance views). */
export function withoutReadOnlyFields(group: ContainerGroup): ContainerGroup {
  const { id: _id, name: _name, type: _type, provisioningState: _p, instanceView: _iv, ...rest } = group;
  return {
    ...rest,
    containers: (rest.containers ?? []).map(({ instanceView: _civ, ...c }) => c),
    ...(rest.initContainers ? { initContainers: rest.initContainers.map(({ instanceView: _civ, ...c }) => c) } : {}),
  } as ContainerGroup;
}

export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return e instanceof Error ? e.message : String(e);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
