import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { toAzContainerYaml } from './az-yaml.js';
import { InvalidContainerGroupError } from './errors.js';
import { parseContainerGroupDocument } from './group-document.js';
import type { ContainerGroup } from './model.js';
import { validateContainerGroup } from './validation/index.js';

// Shared data sits beside the repository (`../shared`), never copied into it.
const shared = new URL('../../../../shared/', import.meta.url);
const readText = (relative: string): string => readFileSync(new URL(relative, shared), 'utf8');

const model: ContainerGroup = {
  name: 'web',
  location: 'eastus',
  osType: 'Linux',
  containers: [
    {
      name: 'web',
      image: 'nginx',
      resources: { requests: { cpu: 1, memoryInGB: 1.5 } },
      ports: [{ port: 80 }],
      instanceView: { restartCount: 0, currentState: { state: 'Running', startTime: new Date('2024-10-18T05:58:38.418Z') } },
    },
  ],
  ipAddress: { type: 'Public', ports: [{ port: 80, protocol: 'TCP' }] },
};

function documentError(text: string, fileName?: string): InvalidContainerGroupError {
  try {
    parseContainerGroupDocument(text, fileName);
  } catch (e) {
    if (e instanceof InvalidContainerGroupError) return e;
    throw e;
  }
  throw new Error('expected parseContainerGroupDocument to throw');
}

describe('parseContainerGroupDocument', () => {
  it('reads the SDK model from JSON, with instance-view timestamps as Dates', () => {
    const doc = parseContainerGroupDocument(JSON.stringify(model, null, 2), 'web.json');
    expect(doc).toEqual({ name: 'web', group: model, format: 'model' });
    expect(doc.group.containers[0]!.instanceView!.currentState!.startTime).toBeInstanceOf(Date);
  });

  it('reads the SDK model from YAML', () => {
    const { instanceView: _view, ...container } = model.containers[0]!;
    const { name: _name, ...withoutName } = { ...model, containers: [container] };
    expect(parseContainerGroupDocument(stringify(withoutName), 'web.yaml')).toEqual({ group: withoutName, format: 'model' });
  });

  it('reads an ARM body from JSON (the spec example of a GET)', () => {
    const body = JSON.parse(readText('aci-spec/2026-05-01/examples/ContainerGroupsGet_Failed.json')).responses['200'].body;
    const doc = parseContainerGroupDocument(JSON.stringify(body));
    expect(doc.format).toBe('arm');
    expect(doc.name).toBe('demo1');
    expect(doc.group).toMatchObject({ name: 'demo1', osType: 'Linux', provisioningState: 'Failed', containers: [{ name: 'demo1', image: 'nginx' }] });
    expect(doc.group.instanceView!.events![0]!.firstTimestamp).toEqual(new Date('2017-10-08T00:19:10Z'));
  });

  it('reads an ARM body from YAML, with names and values in any case as ARM reads them', () => {
    const text = 'Properties:\n  OsType: linux\n  containers:\n  - name: web\n    properties: {image: nginx, resources: {requests: {cpu: 1, memoryInGb: 1}}}\n';
    const doc = parseContainerGroupDocument(text);
    expect(doc).toEqual({
      group: { osType: 'Linux', containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: 1, memoryInGB: 1 } } }] },
      format: 'arm',
    });
  });

  it.each(['sdk-9.1.0_api-2023-05-01', 'sdk-9.2.0-beta.1_api-2024-05-01-preview'])('reads the request body recorded in %s as ARM, and it validates', (dir) => {
    const put = JSON.parse(readText(`aci-recordings/${dir}/recording_containergroups_create_test.json`)).Entries[0];
    const doc = parseContainerGroupDocument(JSON.stringify(put.RequestBody), 'create.json');
    expect(doc.format).toBe('arm');
    expect(doc.name).toBeUndefined();
    expect(validateContainerGroup('mycontainerGroupxxx', doc.group)).toEqual([]);
  });

  it('reads an az container YAML file', () => {
    const { instanceView: _view, ...container } = model.containers[0]!;
    const { name: _name, ...group } = { ...model, containers: [container] };
    const doc = parseContainerGroupDocument(toAzContainerYaml('web-group', group), 'web.yaml');
    expect(doc).toEqual({ name: 'web-group', group: { ...group, name: 'web-group', type: 'Microsoft.ContainerInstance/containerGroups' }, format: 'az-yaml' });
  });

  it('reads an az container file written as JSON, and ignores a byte-order mark', () => {
    const text = '\uFEFF' + JSON.stringify({ apiVersion: '2023-05-01', name: 'g1', properties: { osType: 'Windows', containers: [] } });
    expect(parseContainerGroupDocument(text)).toEqual({ name: 'g1', group: { name: 'g1', osType: 'Windows', containers: [] }, format: 'az-yaml' });
  });

  it('reads YAML flow style that looks like JSON, unless the file name says JSON', () => {
    const text = '{containers: [{name: web, image: nginx}], osType: Linux}';
    expect(parseContainerGroupDocument(text, 'group.yml').format).toBe('model');
    const error = documentError(text, 'group.json');
    expect(error.problems).toEqual([{ path: '', message: expect.stringMatching(/^the text is not valid JSON( at line 1, column \d+)?$/) }]);
  });

  it('names the document in its errors, and never quotes the text', () => {
    const json = documentError('{\n  "osType": "Linux",\n  "password": hunter2\n}', 'secret.json');
    expect(json.message).toContain('container group "secret.json" is invalid');
    expect(json.problems[0]!.message).toMatch(/^the text is not valid JSON/);
    const yaml = documentError('containers:\n  - name: web\n   password: hunter2\n');
    expect(yaml.message).toContain('container group "(document)" is invalid');
    expect(yaml.problems).toEqual([{ path: '', message: expect.stringMatching(/^the text is not valid YAML at line \d+, column \d+ \([A-Z_]+\)$/) }]);
    for (const e of [json, yaml]) {
      expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('hunter2');
    }
  });

  it.each([
    ['a mapping of something else', '{"password": "hunter2", "image": "nginx"}', 'a mapping without containers'],
    ['an ARM body without containers', 'properties:\n  osType: Linux\n', 'a mapping without containers'],
    ['a list', '- containers: []\n', 'a list'],
    ['a number', '42', 'a single number'],
    ['an empty text', '', 'empty'],
    ['only a comment', '# nothing here\n', 'empty'],
  ])('refuses %s and says which shapes it accepts', (_title, text, found) => {
    const error = documentError(text, 'x.yaml');
    expect(error.code).toBe('InvalidContainerGroup');
    expect(error.problems).toEqual([
      {
        path: '',
        message:
          `the document is not a container group (it is ${found}); expected the SDK model (containers at the top level), ` +
          'an ARM body (properties.containers) or an az container YAML file (apiVersion, name and properties)',
      },
    ]);
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });

  it('refuses a text that is not a string', () => {
    expect(() => parseContainerGroupDocument(undefined as unknown as string)).toThrow(TypeError);
  });
});
