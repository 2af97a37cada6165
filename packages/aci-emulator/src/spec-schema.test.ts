import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SHARED_DIR,
  SPEC_2023_DIR,
  SPEC_2026_DIR,
  assertExampleFieldsPresent,
  createSpecValidator,
  loadSpecExamples,
  type SpecExample,
} from './spec-schema-test-utils.js';

const readJson = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

const examples = loadSpecExamples();
const validator = createSpecValidator();

function example(file: string, operationId?: string): SpecExample {
  const found = examples.find((e) => e.file === file && (operationId === undefined || e.operationId === operationId));
  if (found === undefined) throw new Error(`no example ${file}`);
  return found;
}

/** A deep copy of an example's response body, to break or trim in a test. */
function bodyOf(file: string, status = '200'): any {
  return structuredClone(example(file).responses[status]?.body);
}

/**
 * Example responses that do not match their own operation's schema, because of a bug in the spec, each with
 * the reason. Keyed `<file> <status>`. Each entry is asserted to still fail, so a fixed spec prompts its removal.
 * Empty today: the one mismatch the 2026-05-01 examples had (`LogAnalytics.workspaceKey` required but missing
 * from PUT answers) is ARM's rule that secrets are never returned, which the validator itself applies.
 */
const KNOWN_SPEC_MISMATCHES: Record<string, string> = {};

/** The operations the emulator serves; the brief for fidelity tests names exactly these. */
const EMULATED_OPERATION = /^(ContainerGroups_\w+|Containers_ListLogs|Location_\w+|Operations_List)$/;

describe('SHARED_DIR', () => {
  it('is the shared folder beside the repository root', () => {
    const repositoryRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
    expect(existsSync(join(repositoryRoot, 'pnpm-workspace.yaml'))).toBe(true);
    expect(SHARED_DIR).toBe(join(dirname(repositoryRoot), 'shared'));
    expect(existsSync(join(SPEC_2026_DIR, 'containerInstance.json'))).toBe(true);
    expect(existsSync(join(SPEC_2023_DIR, 'containerInstance.json'))).toBe(true);
  });
});

describe('loadSpecExamples', () => {
  it('maps every example file to the operation that names it, with a method and a concrete path', () => {
    const files = readdirSync(join(SPEC_2026_DIR, 'examples')).filter((f) => f.endsWith('.json'));
    expect([...new Set(examples.map((e) => e.file))].sort()).toEqual(files.sort());
    for (const e of examples) {
      expect(['GET', 'PUT', 'PATCH', 'POST', 'DELETE'], e.file).toContain(e.method);
      expect(e.path, e.file).toMatch(/^\/[^{}?]+$/);
      expect(e.apiVersion, e.file).toBe('2026-05-01');
      // The example names its operation too; the swagger's mapping must agree with it.
      expect(e.operationId, e.file).toBe(readJson(join(SPEC_2026_DIR, 'examples', e.file)).operationId);
    }
  });

  it('substitutes path parameters and keeps query parameters, the body and the responses', () => {
    const get = example('ContainerGroupsGet_Succeeded.json');
    expect(get).toMatchObject({
      operationId: 'ContainerGroups_Get',
      method: 'GET',
      pathTemplate: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerInstance/containerGroups/{containerGroupName}',
      path: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo/providers/Microsoft.ContainerInstance/containerGroups/demo1',
      query: {},
    });
    expect(get.body).toBeUndefined();
    expect(get.responseSchemas).toEqual({ '200': { $ref: '#/definitions/ContainerGroup' }, default: { $ref: '#/definitions/CloudError' } });

    const logs = example('ContainerListLogs.json');
    expect(logs).toMatchObject({ operationId: 'Containers_ListLogs', method: 'GET', query: { tail: '10' } });
    expect(logs.path).toMatch(/\/containerGroups\/demo1\/containers\/container1\/logs$/);

    const update = example('ContainerGroupsUpdate.json');
    expect(update).toMatchObject({ operationId: 'ContainerGroups_Update', method: 'PATCH', body: { tags: { tag1key: 'tag1Value' } } });

    const create = example('ContainerGroupsCreateOrUpdate.json');
    expect(create.method).toBe('PUT');
    expect(create.body).toHaveProperty('properties.containers');
    expect(Object.keys(create.responses).sort()).toEqual(['200', '201']);

    const remove = example('ContainerGroupsDelete.json');
    expect(remove.method).toBe('DELETE');
    expect(remove.responses['202']?.body).toBeUndefined();
    expect(Object.values(remove.responses['202']?.headers ?? {}).every((v) => typeof v === 'string')).toBe(true);
    expect(remove.responseSchemas['202']).toBeUndefined();
    expect(remove.responseSchemas['204']).toBeUndefined();
  });
});

describe('createSpecValidator', () => {
  const bodies = examples.flatMap((e) =>
    Object.entries(e.responses)
      .filter(([, response]) => response.body !== undefined)
      .map(([status, response]) => ({ name: `${e.file} ${status}`, operationId: e.operationId, schema: e.responseSchemas[status], body: response.body })),
  );

  it('covers the operations the emulator serves', () => {
    const covered = new Set(bodies.filter((b) => EMULATED_OPERATION.test(b.operationId)).map((b) => b.operationId));
    expect([...covered].sort()).toEqual(
      expect.arrayContaining([
        'ContainerGroups_CreateOrUpdate',
        'ContainerGroups_Get',
        'ContainerGroups_List',
        'Containers_ListLogs',
        'Location_ListUsage',
        'Operations_List',
      ]),
    );
  });

  // Every example body, not only the emulated operations': the examples are known-good data, so this proves the
  // validator (refs, formats, swagger keywords) on the whole spec.
  it.each(bodies)('accepts the example response $name', ({ name, schema, body }) => {
    expect(schema, `${name} has a body but its operation declares no schema`).toBeDefined();
    const result = validator.validate(schema!, body);
    if (name in KNOWN_SPEC_MISMATCHES) expect(result.valid, `${name} is allow-listed but now validates: remove it`).toBe(false);
    else expect(result.errors).toEqual([]);
  });

  it('rejects a broken container group with errors that say where and what', () => {
    const body = bodyOf('ContainerGroupsGet_Succeeded.json');
    body.properties.containers = 'nope';
    body.properties.provisioningState = 5;
    body.properties.osType = 'Solaris';
    const result = validator.validate('ContainerGroup', body);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        '/properties/containers must be array, got "nope"',
        '/properties/provisioningState must be string, got 5',
        expect.stringMatching(/^\/properties\/osType must be equal to one of the allowed values \[.*"Linux".*\], got "Solaris"$/),
      ]),
    );
  });

  it('checks formats and required properties', () => {
    const body = bodyOf('ContainerGroupsGet_Succeeded.json');
    const container = body.properties.containers[0];
    container.properties.ports[0].port = 1.5;
    delete container.name;
    body.properties.instanceView = { events: [{ firstTimestamp: 'yesterday' }] };
    const { errors } = validator.validate(example('ContainerGroupsGet_Succeeded.json').responseSchemas['200']!, body);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/properties/containers/0/properties/ports/0/port must be integer, got 1.5',
        "/properties/containers/0 must have required property 'name'",
        '/properties/instanceView/events/0/firstTimestamp must match format "date-time", got "yesterday"',
      ]),
    );
  });

  it('resolves $refs into the ARM common types', () => {
    // ContainerGroup inherits ProxyResource → Resource → systemData from common-types/…/v5/types.json.
    const body = bodyOf('ContainerGroupsGet_Succeeded.json');
    body.systemData = { createdByType: 'Robot' };
    expect(validator.validate('ContainerGroup', body).errors).toEqual([
      expect.stringMatching(/^\/systemData\/createdByType must be equal to one of the allowed values/),
    ]);

    // CGProfile_CreateOrUpdate's error schema is the common ErrorResponse itself.
    const errorSchema = example('ContainerGroupProfilesCreateOrUpdate.json').responseSchemas.default!;
    expect(JSON.stringify(errorSchema)).toContain('common-types/resource-management/v5/types.json');
    expect(validator.validate(errorSchema, { error: { code: 'Conflict', message: 'busy' } })).toEqual({ valid: true, errors: [] });
    expect(validator.validate(errorSchema, { error: { code: 5 } }).errors).toEqual(['/error/code must be string, got 5']);
  });

  it('takes a definition name, a $ref string or a schema object', () => {
    expect(validator.validate('Logs', { content: 'x' }).valid).toBe(true);
    expect(validator.validate('#/definitions/Logs', { content: 5 }).errors).toEqual(['/content must be string, got 5']);
    expect(validator.validate({ type: 'array', items: { $ref: '#/definitions/Port' } }, [{ port: 80 }, { port: '80' }]).errors).toEqual([
      '/1/port must be integer, got "80"',
    ]);
  });

  it('lets a response omit a required secret, as ARM never returns secrets', () => {
    expect(validator.validate('LogAnalytics', { workspaceId: 'w' }).valid).toBe(true);
    expect(validator.validate('LogAnalytics', { workspaceKey: 'k' }).errors).toEqual(["(root) must have required property 'workspaceId'"]);
  });

  it('returns a copy of a definition and refuses an unknown one', () => {
    expect(validator.definition('ContainerGroup')).toHaveProperty('allOf');
    expect(() => validator.definition('NoSuchDefinition')).toThrow(RangeError);
  });

  /**
   * Definitions whose schema cannot be compiled because of a bug in the spec, with the reason; each is asserted
   * to still fail. None of them is served by the emulator.
   */
  const KNOWN_BROKEN_DEFINITIONS: Record<string, string> = {
    // Its `systemData` $ref names `#/definitions/systemData`, but the common types (v5, at the commit in
    // common-types/SOURCE.txt) define `SystemData`: the reference dangles.
    '2026-05-01 NGroupPatch': 'dangling $ref to common-types v5 #/definitions/systemData',
  };

  it.each([SPEC_2026_DIR, SPEC_2023_DIR])('compiles every definition of %s', (dir) => {
    const specFile = join(dir, 'containerInstance.json');
    const specValidator = createSpecValidator(specFile);
    for (const name of Object.keys(readJson(specFile).definitions)) {
      const key = `${basename(dir)} ${name}`;
      if (key in KNOWN_BROKEN_DEFINITIONS) {
        expect(() => specValidator.validate(name, {}), `${key} is allow-listed but now compiles: remove it`).toThrow(/can't resolve reference/);
      } else expect(() => specValidator.validate(name, {}), name).not.toThrow();
    }
  });
});

describe('createSpecValidator on swagger-only constructs', () => {
  // A small spec laid out like the upstream repository's, with its shared types `../../../` away and
  // therefore one folder too far, as the ACI specs' `../../../../../../common-types/…` is from shared/aci-spec.
  const root = mkdtempSync(join(tmpdir(), 'spec-schema-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'common'));
  mkdirSync(join(root, 'service', 'stable'), { recursive: true });
  writeFileSync(
    join(root, 'common', 'types.json'),
    JSON.stringify({ swagger: '2.0', definitions: { Tag: { type: 'string', minLength: 1, 'x-ms-mutability': ['read'] } } }),
  );
  const specFile = join(root, 'service', 'stable', 'spec.json');
  writeFileSync(
    specFile,
    JSON.stringify({
      swagger: '2.0',
      paths: {},
      definitions: {
        Animal: { type: 'object', discriminator: 'kind', required: ['kind'], properties: { kind: { type: 'string' } } },
        Cat: { 'x-ms-discriminator-value': 'cat', allOf: [{ $ref: '#/definitions/Animal' }], properties: { meows: { type: 'boolean' } } },
        Zoo: {
          type: 'object',
          properties: {
            animals: { type: 'array', items: { $ref: '#/definitions/Animal' }, 'x-ms-identifiers': [] },
            keeper: { type: 'string', 'x-nullable': true },
            capacity: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true },
            tag: { $ref: '../../../common/types.json#/definitions/Tag' },
          },
        },
      },
    }),
  );
  const synthetic = createSpecValidator(specFile);

  it('dispatches on a discriminator to the derived definition', () => {
    expect(synthetic.validate('Zoo', { animals: [{ kind: 'cat', meows: true }, { kind: 'dog', barks: 1 }] }).valid).toBe(true);
    expect(synthetic.validate('Zoo', { animals: [{ kind: 'cat', meows: 'loudly' }] }).errors).toContain('/animals/0/meows must be boolean, got "loudly"');
    expect(synthetic.validate('Zoo', { animals: [{ meows: true }] }).errors).toContain("/animals/0 must have required property 'kind'");
  });

  it('accepts null for x-nullable, reads draft-04 exclusive bounds and finds shared files in a parent folder', () => {
    expect(synthetic.validate('Zoo', { keeper: null, capacity: 1, tag: 'a' }).valid).toBe(true);
    expect(synthetic.validate('Zoo', { capacity: 0 }).errors).toEqual(['/capacity must be > 0, got 0']);
    expect(synthetic.validate('Zoo', { tag: '' }).errors).toEqual(['/tag must NOT have fewer than 1 characters, got ""']);
  });
});

describe('assertExampleFieldsPresent', () => {
  const expected = bodyOf('ContainerGroupsGet_Succeeded.json');

  it('finds nothing missing in the example itself or in a body with more fields', () => {
    expect(assertExampleFieldsPresent(expected, expected)).toEqual([]);
    expect(assertExampleFieldsPresent(expected, { ...structuredClone(expected), extra: 1 })).toEqual([]);
  });

  it('lists a removed field by its path, comparing first array elements', () => {
    const actual = structuredClone(expected);
    delete actual.properties.containers[0].properties.image;
    delete actual.location;
    expect(assertExampleFieldsPresent(expected, actual)).toEqual(['location', 'properties.containers[0].properties.image']);
  });

  it('reports a value of the wrong shape, skips empty arrays and quotes odd keys', () => {
    expect(assertExampleFieldsPresent({ a: { b: 1 } }, { a: 'text' })).toEqual(['a']);
    expect(assertExampleFieldsPresent({ list: [{ b: 1 }] }, { list: [] })).toEqual([]);
    expect(assertExampleFieldsPresent({ list: [{ b: 1 }] }, { list: {} })).toEqual(['list']);
    expect(assertExampleFieldsPresent({ tags: { 'my.tag': 'v' } }, { tags: {} })).toEqual(['tags["my.tag"]']);
    expect(assertExampleFieldsPresent({ a: 1 }, {}, 'body')).toEqual(['body.a']);
    expect(assertExampleFieldsPresent({ a: 1 }, null)).toEqual(['$']);
  });
});
