/**
 * Test-only access to the official ACI REST spec (swagger 2.0) kept in `../shared/aci-spec`: its examples,
 * mapped to the operations that name them, and an Ajv validator that checks a body against the spec's own
 * schemas, `$ref`s into the ARM common types included. The emulator's fidelity tests use both to prove that
 * what the emulator answers has the shape real ARM documents.
 *
 * The spec is read from `../shared` at run time and never copied into the repository.
 *
 * @see https://github.com/Azure/azure-rest-api-specs/tree/main/specification/containerinstance
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The `shared/` folder that sits beside the repository root, as an absolute path. It is computed from this
 * file's location (`packages/aci-emulator/src/` → three levels up is the repository root), so it works wherever
 * the repository is cloned as long as `shared/` is beside it.
 */
export const SHARED_DIR: string = resolve(fileURLToPath(new URL('../../../../shared/', import.meta.url)));

/** The folder of the 2026-05-01 spec: `containerInstance.json` and `examples/`. */
export const SPEC_2026_DIR: string = join(SHARED_DIR, 'aci-spec', '2026-05-01');

/** The folder of the 2023-05-01 spec, the api-version `@azure/arm-containerinstance` 9 speaks (no examples). */
export const SPEC_2023_DIR: string = join(SHARED_DIR, 'aci-spec', '2023-05-01');

const DEFAULT_SPEC_FILE = join(SPEC_2026_DIR, 'containerInstance.json');

/** The HTTP methods ARM uses for Microsoft.ContainerInstance. */
export type SpecHttpMethod = 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';

/** One spec example file, tied to the swagger operation that names it in `x-ms-examples`. */
export interface SpecExample {
  /** The example's file name inside `examples/`, e.g. `ContainerGroupsGet_Succeeded.json`. */
  file: string;
  /** The swagger operation's `operationId`, e.g. `ContainerGroups_Get`. */
  operationId: string;
  method: SpecHttpMethod;
  /** The swagger path key, e.g. `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/…`. */
  pathTemplate: string;
  /** `pathTemplate` with the example's path parameters substituted (URL-encoded), without a query string. */
  path: string;
  /** The example's `api-version` parameter. */
  apiVersion: string;
  /** The example's value for the operation's body parameter, when it has one. */
  body?: unknown;
  /** The operation's other query parameters the example sets (`tail`, `timestamps`, …), as strings. */
  query: Record<string, string>;
  /** The example's responses by status code, as written in the example. */
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
  /**
   * The swagger operation's response schema for each status it declares and each status the example shows
   * (an undeclared one gets the operation's `default` schema); `undefined` for a status with no body.
   * The schemas are as written in the swagger, so their `$ref`s are relative to the spec file: pass them to
   * the {@link createSpecValidator} of the same spec file.
   */
  responseSchemas: Record<string, object | undefined>;
}

/** The outcome of {@link SpecValidator.validate}. */
export interface SpecValidationResult {
  valid: boolean;
  /** One line per problem: the JSON pointer in the value (`(root)` for the value itself), then what is wrong. */
  errors: string[];
}

/** Validates values against the schemas of one swagger file; made by {@link createSpecValidator}. */
export interface SpecValidator {
  /**
   * Validates `value` against a schema of the spec.
   *
   * @param schemaRef - a definition name (`'ContainerGroup'`), a `$ref` string relative to the spec file
   *   (`'#/definitions/ContainerGroup'`, `'../…/common-types/…/types.json#/definitions/ErrorResponse'`), or a
   *   schema object written as in the spec (for example a {@link SpecExample.responseSchemas} entry).
   * @param value - the parsed JSON body to check.
   * @returns whether it is valid and, when not, every problem found.
   * @throws {Error} when the schema cannot be compiled (an unresolvable `$ref`, an unknown `format`).
   */
  validate(schemaRef: object | string, value: unknown): SpecValidationResult;
  /**
   * The spec's definition of that name, as written in the swagger (a copy).
   *
   * @throws {RangeError} when the spec has no such definition.
   */
  definition(name: string): object;
}

// ---------------------------------------------------------------------------------------------------------
// Reading the spec

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  'x-ms-skip-url-encoding'?: boolean;
}

interface SwaggerOperation {
  operationId?: string;
  parameters?: JsonObject[];
  responses?: Record<string, JsonObject>;
  'x-ms-examples'?: Record<string, { $ref: string }>;
}

const parsedFiles = new Map<string, Json>();

/** Parses a JSON file once per run; callers must not mutate what it returns (they clone before changing it). */
function readJson(file: string): Json {
  let parsed = parsedFiles.get(file);
  if (parsed === undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(SHARED_DIR)) {
        throw new Error(`the shared test data was not found at ${SHARED_DIR}; clone "shared" beside the repository root`, { cause: e });
      }
      throw e;
    }
    parsed = JSON.parse(text) as Json;
    parsedFiles.set(file, parsed);
  }
  return parsed;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The file a relative `$ref` names. Upstream, the specs' `../../../../../../common-types/…` climbs out of
 * `specification/containerinstance/…/stable/<version>/` into `specification/common-types/…`; `shared/aci-spec`
 * keeps the same relative tail (`common-types/…`) but not the depth, so when the literal resolution misses,
 * the tail is looked up in each ancestor folder, nearest first.
 */
function locateReferencedFile(fromFile: string, relativePath: string): string {
  const literal = resolve(dirname(fromFile), relativePath);
  if (existsSync(literal)) return literal;
  const segments = relativePath.split('/');
  while (segments[0] === '..' || segments[0] === '.') segments.shift();
  const tail = segments.join('/');
  for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
    const candidate = join(dir, tail);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`"${relativePath}" referenced from ${fromFile} was not found (neither resolved literally nor as "${tail}" in a parent folder)`);
}

/** Splits a `$ref` into the absolute file it points into and its JSON pointer (`''` for the whole file). */
function splitRef(fromFile: string, ref: string): { file: string; pointer: string } {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  return { file: filePart === '' ? fromFile : locateReferencedFile(fromFile, filePart), pointer };
}

function resolvePointer(document: Json, pointer: string, where: string): Json {
  let node: Json = document;
  if (pointer === '' || pointer === '/') return node;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    const next: Json | undefined = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
    if (next === undefined) throw new Error(`${where}: "#${pointer}" does not exist`);
    node = next;
  }
  return node;
}

/** Follows `$ref`s (a parameter or a response object can be one) until a plain object is reached. */
function deref(node: JsonObject, fromFile: string): { node: JsonObject; file: string } {
  let current = node;
  let file = fromFile;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`${fromFile}: $ref chain too long at "${String(node.$ref)}"`);
    const target = splitRef(file, current.$ref);
    const resolved = resolvePointer(readJson(target.file), target.pointer, target.file);
    if (!isObject(resolved)) throw new Error(`${file}: "${current.$ref}" is not an object`);
    current = resolved;
    file = target.file;
  }
  return { node: current, file };
}

const HTTP_METHODS = ['get', 'put', 'patch', 'post', 'delete'] as const;

/**
 * Every example of a spec, mapped to the operation that names it: the swagger's
 * `paths[*][verb]['x-ms-examples'][title].$ref` (`./examples/X.json`), so the mapping is the spec's own and
 * not guessed from file names. An example named by two operations appears once for each.
 *
 * @param specFile - the swagger file; the 2026-05-01 spec by default.
 * @returns the examples in the order the swagger lists its operations.
 * @throws {Error} when an example lacks a value for one of its operation's path parameters.
 */
export function loadSpecExamples(specFile: string = DEFAULT_SPEC_FILE): SpecExample[] {
  const spec = readJson(specFile);
  if (!isObject(spec)) throw new Error(`${specFile} is not a swagger document`);
  const examples: SpecExample[] = [];
  for (const pathsKey of ['paths', 'x-ms-paths']) {
    const paths = spec[pathsKey];
    if (!isObject(paths)) continue;
    for (const [pathKey, pathItem] of Object.entries(paths)) {
      if (!isObject(pathItem)) continue;
      // x-ms-paths keys may carry a fixed query (`/things?op=x`) to tell overloads apart.
      const [pathTemplate = pathKey, fixedQuery = ''] = pathKey.split('?');
      for (const verb of HTTP_METHODS) {
        const raw = pathItem[verb];
        if (!isObject(raw)) continue;
        const operation = raw as unknown as SwaggerOperation;
        const parameters = operationParameters(pathItem.parameters, operation.parameters, specFile);
        for (const { $ref } of Object.values(operation['x-ms-examples'] ?? {})) {
          const exampleFile = resolve(dirname(specFile), $ref);
          examples.push(
            // A copy, so a test that edits an example's body cannot change what the next test reads.
            toSpecExample(exampleFile, structuredClone(readJson(exampleFile)), { operation, method: verb, pathTemplate, fixedQuery, parameters }),
          );
        }
      }
    }
  }
  return examples;
}

/** An operation's parameters, path-level ones included (an operation-level one overrides by name and place). */
function operationParameters(pathLevel: Json | undefined, operationLevel: Json | undefined, specFile: string): SwaggerParameter[] {
  const byKey = new Map<string, SwaggerParameter>();
  for (const list of [pathLevel, operationLevel]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isObject(entry)) continue;
      const parameter = deref(entry, specFile).node as unknown as SwaggerParameter;
      byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    }
  }
  return [...byKey.values()];
}

function toSpecExample(
  exampleFile: string,
  example: Json,
  context: {
    operation: SwaggerOperation;
    method: (typeof HTTP_METHODS)[number];
    pathTemplate: string;
    fixedQuery: string;
    parameters: SwaggerParameter[];
  },
): SpecExample {
  const { operation, method, pathTemplate, fixedQuery, parameters } = context;
  const file = basename(exampleFile);
  const operationId = operation.operationId ?? `${method.toUpperCase()} ${pathTemplate}`;
  if (!isObject(example) || !isObject(example.parameters) || !isObject(example.responses)) {
    throw new Error(`${file} (${operationId}) is not an example: it needs "parameters" and "responses" objects`);
  }
  const values = example.parameters;
  const byName = new Map(parameters.map((p) => [p.name, p]));

  const path = pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new Error(`${file} (${operationId}) has no value for the path parameter "${name}"`);
    return byName.get(name)?.['x-ms-skip-url-encoding'] ? String(value) : encodeURIComponent(String(value));
  });

  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(fixedQuery));
  for (const parameter of parameters) {
    const value = values[parameter.name];
    if (parameter.in !== 'query' || parameter.name === 'api-version' || value === undefined || value === null) continue;
    query[parameter.name] = Array.isArray(value) ? value.join(',') : String(value);
  }

  const bodyParameter = parameters.find((p) => p.in === 'body');
  const responses: SpecExample['responses'] = {};
  for (const [status, response] of Object.entries(example.responses)) {
    if (!isObject(response)) continue;
    const entry: { body?: unknown; headers?: Record<string, string> } = {};
    if ('body' in response) entry.body = response.body;
    if (isObject(response.headers)) entry.headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
    responses[status] = entry;
  }

  const declared = operation.responses ?? {};
  const responseSchemas: Record<string, object | undefined> = {};
  for (const status of new Set([...Object.keys(declared), ...Object.keys(responses)])) {
    const response = declared[status] ?? declared.default;
    responseSchemas[status] = response === undefined ? undefined : schemaOfResponse(response);
  }

  const apiVersion = values['api-version'];
  if (typeof apiVersion !== 'string') throw new Error(`${file} (${operationId}) has no "api-version" parameter`);
  return {
    file,
    operationId,
    method: method.toUpperCase() as SpecHttpMethod,
    pathTemplate,
    path,
    apiVersion,
    ...(bodyParameter !== undefined && values[bodyParameter.name] !== undefined ? { body: values[bodyParameter.name] } : {}),
    query,
    responses,
    responseSchemas,
  };
}

function schemaOfResponse(response: JsonObject): object | undefined {
  // A response given as `$ref: '#/responses/X'` is rare in ARM specs; its schema's refs would then be relative to
  // another place, so refuse it loudly instead of returning a schema that resolves wrongly.
  if (typeof response.$ref === 'string') throw new Error(`response $ref "${response.$ref}" is not supported`);
  return isObject(response.schema) ? structuredClone(response.schema) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Validating against the spec's schemas

/** Schema keywords whose value is a map of names to schemas (the names are data, not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties']);
/** Schema keywords whose value is a schema or a list of schemas. */
const SCHEMA_VALUED = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']);
/** Swagger 2.0 schema-object fields JSON Schema (draft-07, Ajv's default) has no keyword for. */
const SWAGGER_ONLY_KEYWORDS = ['discriminator', 'example', 'externalDocs', 'xml'];

/**
 * Rewrites one swagger schema into one Ajv (draft-07) compiles with the same meaning:
 * - every `$ref` becomes absolute (`file:///…/types.json#/definitions/X`), through `refFor`;
 * - `x-nullable: true` becomes "this schema or null" (swagger 2.0 has no null type);
 * - draft-04's boolean `exclusiveMinimum`/`exclusiveMaximum` become draft-07's numeric form.
 * It walks only schema positions, so a `$ref` or `x-nullable` written inside an `example` or `enum` is kept as data.
 */
function normalizeSchema(node: Json, refFor: (ref: string, inAllOf: boolean) => string, inAllOf = false): Json {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = refFor(value, inAllOf);
    else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, normalizeSchema(schema, refFor)]));
    } else if (SCHEMA_VALUED.has(key)) {
      out[key] = Array.isArray(value) ? value.map((schema) => normalizeSchema(schema, refFor, key === 'allOf')) : normalizeSchema(value, refFor);
    } else out[key] = structuredClone(value);
  }
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  // ARM never returns a secret (`x-ms-secret`), so a response lacks it even where the schema requires it
  // (`LogAnalytics.workspaceKey`); these schemas check responses, so such a property is not required.
  if (Array.isArray(out.required) && isObject(out.properties)) {
    const properties = out.properties;
    out.required = out.required.filter((name) => !(typeof name === 'string' && isSecret(properties[name])));
  }
  if (out['x-nullable'] === true) {
    delete out['x-nullable'];
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Whether a (normalized) property schema is marked `x-ms-secret`, also when `x-nullable` wrapped it in `anyOf`. */
function isSecret(schema: Json | undefined): boolean {
  if (!isObject(schema)) return false;
  if (schema['x-ms-secret'] === true) return true;
  return Array.isArray(schema.anyOf) && isObject(schema.anyOf[0]) && schema.anyOf[0]['x-ms-secret'] === true;
}

/** A swagger `discriminator` base: the property that names the type, and the absolute ref of each derived type by value. */
interface Polymorphic {
  property: string;
  derived: Map<string, string>;
}

/**
 * Loads the swagger files reachable from one spec into an Ajv instance and validates against them.
 * Swagger's polymorphism (`discriminator` on a base, `allOf: [base]` + `x-ms-discriminator-value` on each
 * derived definition) becomes an `if`/`then` per value: a `$ref` to the base (anywhere but inside a derived
 * definition's `allOf`) checks the base and, when the discriminator names a known derived type, that type too.
 */
class SpecSchemas {
  private readonly ajv: Ajv;
  private readonly urls = new Map<string, string>();
  private readonly registered = new Set<string>();
  private readonly polymorphic = new Map<string, Polymorphic>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly specFile: string;

  constructor(specFile: string) {
    this.specFile = specFile;
    this.ajv = new Ajv({
      // Strict schema mode stays on so a swagger feature this file does not handle fails loudly at compile
      // time instead of being skipped; only the type-coherence checks are off (the specs put `properties`
      // without `type: object`, which is legal JSON Schema).
      strictSchema: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      allowUnionTypes: true,
      allErrors: true,
      verbose: true,
    });
    addFormats.default(this.ajv);
    // ARM's resource ids; only the leading slash is certain across ids of every kind (`/subscriptions/…`, `/providers/…`).
    this.ajv.addFormat('arm-id', /^\//);
    this.ensureLoaded(specFile);
  }

  validate(schemaRef: object | string, value: unknown): SpecValidationResult {
    const schema: Json =
      typeof schemaRef === 'string' ? { $ref: /[#/]/.test(schemaRef) ? schemaRef : `#/definitions/${schemaRef}` } : (schemaRef as Json);
    const normalized = this.normalizeFrom(this.specFile, schema);
    const key = JSON.stringify(normalized);
    let validateFn = this.compiled.get(key);
    if (validateFn === undefined) {
      this.registerKeywords(normalized);
      validateFn = this.ajv.compile(normalized as object);
      this.compiled.set(key, validateFn);
    }
    if (validateFn(value)) return { valid: true, errors: [] };
    return { valid: false, errors: [...new Set((validateFn.errors ?? []).map(formatError))] };
  }

  definition(name: string): object {
    const spec = readJson(this.specFile);
    const definition = isObject(spec) && isObject(spec.definitions) ? spec.definitions[name] : undefined;
    if (!isObject(definition)) throw new RangeError(`${this.specFile} has no definition "${name}"`);
    return structuredClone(definition);
  }

  private urlOf(file: string): string {
    let url = this.urls.get(file);
    if (url === undefined) {
      url = pathToFileURL(file).href;
      this.urls.set(file, url);
    }
    return url;
  }

  /** The absolute form of a `$ref` written in `fromFile`; loads the file it points into when that is new. */
  private absoluteRef(fromFile: string, ref: string, inAllOf: boolean): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return ref; // already absolute (a schema normalized earlier)
    const { file, pointer } = splitRef(fromFile, ref);
    if (!/^\/definitions\/[^/]+$/.test(pointer)) throw new Error(`${fromFile}: schema $ref "${ref}" does not point at a definition`);
    this.ensureLoaded(file);
    const absolute = `${this.urlOf(file)}#${pointer}`;
    // Inside `allOf` a ref to a polymorphic base is inheritance and must stay plain, or the derived type would
    // dispatch back to itself forever.
    return !inAllOf && this.polymorphic.get(absolute)?.derived.size ? `${absolute}.polymorphic` : absolute;
  }

  private normalizeFrom(file: string, schema: Json): Json {
    return normalizeSchema(schema, (ref, inAllOf) => this.absoluteRef(file, ref, inAllOf));
  }

  /** Registers `file` and every file its definitions reach, each as `{ $id: <file URL>, definitions }`. */
  private ensureLoaded(root: string): void {
    if (this.registered.has(root)) return;
    // First find every reachable file (to know all polymorphic bases before rewriting any ref to them)…
    const files: string[] = [];
    const pending = [root];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (this.registered.has(file) || files.includes(file)) continue;
      files.push(file);
      normalizeSchema({ definitions: definitionsOf(file) }, (ref) => {
        if (!ref.startsWith('#')) pending.push(splitRef(file, ref).file);
        return ref;
      });
    }
    for (const file of files) this.registered.add(file);
    this.collectPolymorphism(files);
    // …then register them, refs made absolute.
    for (const file of files) {
      const definitions = this.normalizeFrom(file, { definitions: definitionsOf(file) }) as { definitions: JsonObject };
      for (const [name, base] of this.polymorphic) {
        if (!base.derived.size || !name.startsWith(`${this.urlOf(file)}#`)) continue;
        definitions.definitions[`${name.slice(name.lastIndexOf('/') + 1)}.polymorphic`] = {
          allOf: [
            { $ref: name },
            ...[...base.derived].map(([value, derivedRef]) => ({
              if: { properties: { [base.property]: { const: value } }, required: [base.property] },
              then: { $ref: derivedRef },
            })),
          ],
        };
      }
      this.ajv.addSchema({ $id: this.urlOf(file), ...definitions });
    }
    for (const file of files) this.registerKeywords(definitionsOf(file));
  }

  private collectPolymorphism(files: string[]): void {
    for (const file of files) {
      for (const [name, definition] of Object.entries(definitionsOf(file))) {
        if (isObject(definition) && typeof definition.discriminator === 'string') {
          this.polymorphic.set(`${this.urlOf(file)}#/definitions/${name}`, { property: definition.discriminator, derived: new Map() });
        }
      }
    }
    for (const file of files) {
      for (const [name, definition] of Object.entries(definitionsOf(file))) {
        if (!isObject(definition) || !Array.isArray(definition.allOf)) continue;
        for (const parent of definition.allOf) {
          if (!isObject(parent) || typeof parent.$ref !== 'string') continue;
          const { file: parentFile, pointer } = splitRef(file, parent.$ref);
          const base = this.polymorphic.get(`${this.urlOf(parentFile)}#${pointer}`);
          const value = definition['x-ms-discriminator-value'];
          base?.derived.set(typeof value === 'string' ? value : name, `${this.urlOf(file)}#/definitions/${name}`);
        }
      }
    }
  }

  /** Makes every `x-…` extension and swagger-only field a no-op keyword, so strict mode accepts exactly those. */
  private registerKeywords(schemas: Json): void {
    const keywords = new Set(SWAGGER_ONLY_KEYWORDS);
    const collect = (node: Json): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (isObject(node)) {
        for (const [key, value] of Object.entries(node)) {
          if (key.startsWith('x-')) keywords.add(key);
          else collect(value);
        }
      }
    };
    collect(schemas);
    for (const keyword of keywords) if (!this.ajv.getKeyword(keyword)) this.ajv.addKeyword({ keyword });
  }
}

function definitionsOf(file: string): JsonObject {
  const document = readJson(file);
  return isObject(document) && isObject(document.definitions) ? document.definitions : {};
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  let detail = '';
  if (error.keyword === 'enum') detail = ` ${JSON.stringify(error.params.allowedValues)}`;
  else if (error.keyword === 'additionalProperties') detail = ` "${String(error.params.additionalProperty)}"`;
  if (error.keyword !== 'required' && error.keyword !== 'additionalProperties' && error.data !== undefined && typeof error.data !== 'object') {
    detail += `, got ${JSON.stringify(error.data)}`.slice(0, 100);
  }
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

/**
 * An Ajv validator for the schemas of a swagger file, with every `$ref` resolved: the file's own
 * `#/definitions/X` and the ARM common types it references. The common types' `../../../../../../common-types/…`
 * resolves to `shared/aci-spec/common-types/…` (see `aci-spec/common-types/SOURCE.txt`).
 *
 * WARNING: enums are checked strictly, even those marked `x-ms-enum.modelAsString` (which clients treat as
 * open), because the emulator should only answer with the values the service documents. Formats are checked
 * too (`int32`, `date-time`, `uuid`, `uri`; `arm-id` only for its leading `/`). Properties the schema does not
 * name are allowed, as the swagger does not forbid them.
 *
 * WARNING: the schemas are read as response schemas: a required property marked `x-ms-secret` may be absent,
 * because ARM never returns secrets (`LogAnalytics.workspaceKey` is required in a PUT but missing from its
 * answer). Do not use this validator to check that a request carries its secrets.
 *
 * @param specFile - the swagger file; the 2026-05-01 spec by default.
 * @returns a validator; it compiles each schema once, so reuse one validator across tests.
 * @throws {Error} when the spec or a file it references cannot be read.
 */
export function createSpecValidator(specFile: string = DEFAULT_SPEC_FILE): SpecValidator {
  const schemas = new SpecSchemas(resolve(specFile));
  return {
    validate: (schemaRef, value) => schemas.validate(schemaRef, value),
    definition: (name) => schemas.definition(name),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Comparing with an example

/**
 * The JSON paths present in `expected` (a spec example's response body) but missing from `actual` (the
 * emulator's body), to check that an answer carries every field the example shows. Objects are compared key by
 * key, recursively; arrays compare their first elements when both are non-empty (an empty list is a legitimate
 * answer, e.g. no events yet). Values are not compared, only presence: a `null` in the example needs the key.
 * When `expected` is an object or array and `actual` is not, the path itself is reported.
 *
 * @param expected - the example's body.
 * @param actual - the body to check.
 * @param path - the path of these values inside the bodies, as a prefix of the reported paths.
 * @returns the missing paths, e.g. `['properties.containers[0].properties.image']`; empty when nothing is missing.
 */
export function assertExampleFieldsPresent(expected: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [path || '$'];
    return expected.length > 0 && actual.length > 0 ? assertExampleFieldsPresent(expected[0], actual[0], `${path}[0]`) : [];
  }
  if (!isObject(expected)) return [];
  if (!isObject(actual)) return [path || '$'];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
    if (!Object.hasOwn(actual, key) || actual[key] === undefined) missing.push(childPath);
    else missing.push(...assertExampleFieldsPresent(value, actual[key], childPath));
  }
  return missing;
}
