/**
 * Reading a container group from a file, whatever shape it was written in: what the CLI's `--file` and
 * `validate` use.
 */
import { fromArmContainerGroup, reviveContainerGroupDates, type ArmContainerGroup } from './arm-mapping.js';
import { canonicalizeArmBody, fromAzContainerYamlObject, parseYamlText } from './az-yaml.js';
import { InvalidContainerGroupError } from './errors.js';
import type { ContainerGroup } from './model.js';

/** The shapes {@link parseContainerGroupDocument} recognises. */
export type ContainerGroupDocumentFormat = 'model' | 'arm' | 'az-yaml';

/** A container group read from a document. */
export interface ContainerGroupDocument {
  /** The group's name, when the document gives one (`name` at the top level). */
  name?: string;
  /** The group in the SDK's flattened shape; not validated yet. */
  group: ContainerGroup;
  /** Which shape the document was written in. */
  format: ContainerGroupDocumentFormat;
}

const SHAPES =
  'expected the SDK model (containers at the top level), an ARM body (properties.containers) ' +
  'or an az container YAML file (apiVersion, name and properties)';

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a single ${typeof value}`;
}

/** `Expected ',' ... in JSON at position 25 (line 1 column 26)` → ` at line 1, column 26`; never the snippet V8 quotes. */
function jsonErrorLocation(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /at position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

function parseText(text: string, fileName: string | undefined, documentName: string): unknown {
  const trimmed = text.trimStart();
  const looksLikeJson = /\.json$/i.test(fileName ?? '') || trimmed.startsWith('{') || trimmed.startsWith('[');
  if (!looksLikeJson) return parseYamlText(text, documentName);
  try {
    return JSON.parse(text);
  } catch (error) {
    // YAML 1.2 is a superset of JSON: a file that is not JSON may still be YAML written in flow style,
    // unless its name says JSON.
    if (!/\.json$/i.test(fileName ?? '')) {
      try {
        return parseYamlText(text, documentName);
      } catch {
        // Report the JSON error: the text looked like JSON.
      }
    }
    throw new InvalidContainerGroupError(documentName, [{ path: '', message: `the text is not valid JSON${jsonErrorLocation(error, text)}` }]);
  }
}

/**
 * Reads a container group from JSON or YAML text written in any of three shapes, told apart by their keys:
 * - `az-yaml`: the file `az container create --file` takes (has `apiVersion`);
 * - `model`: the SDK's flattened `ContainerGroup` (has `containers` at the top level);
 * - `arm`: the ARM wire body, as `az container show` or the REST API print it (has `properties.containers`).
 *
 * ARM and az bodies are read as ARM reads them (property names and enumeration values case-insensitively);
 * instance-view timestamps become Dates in every shape. The group is not validated: pass it to
 * `validateContainerGroup` (the CLI's `validate`) or `assertValidContainerGroup` (before a backend call).
 *
 * @param text - The document's text (JSON or YAML 1.2; a leading byte-order mark is ignored).
 * @param fileName - The file it came from, if any: names the document in errors, and a `.json` name makes
 *   the text be read as JSON only.
 * @returns The group, its name when the document gives one (`name` at the top level), and the shape found.
 * @throws {InvalidContainerGroupError} with one problem at path `""` when the text is neither JSON nor
 *   YAML, or holds none of the three shapes; the error's group name is `fileName`, else `(document)`, and
 *   its message never quotes the text.
 */
export function parseContainerGroupDocument(text: string, fileName?: string): ContainerGroupDocument {
  const documentName = fileName ?? '(document)';
  if (typeof text !== 'string') throw new TypeError('parseContainerGroupDocument: the text must be a string');
  const root = parseText(text.replace(/^\uFEFF/, ''), fileName, documentName);

  if (isRecord(root)) {
    if ('apiVersion' in root) return { ...fromAzContainerYamlObject(root, documentName), format: 'az-yaml' };
    if ('containers' in root) {
      const group = reviveContainerGroupDates(root) as ContainerGroup;
      return typeof root.name === 'string' ? { name: root.name, group, format: 'model' } : { group, format: 'model' };
    }
    const body = canonicalizeArmBody(root);
    if (isRecord(body) && isRecord(body.properties) && 'containers' in body.properties) {
      const group = fromArmContainerGroup(body as unknown as ArmContainerGroup);
      return typeof body.name === 'string' ? { name: body.name, group, format: 'arm' } : { group, format: 'arm' };
    }
  }
  const found = isRecord(root) ? 'a mapping without containers' : kindOf(root);
  throw new InvalidContainerGroupError(documentName, [{ path: '', message: `the document is not a container group (it is ${found}); ${SHAPES}` }]);
}
