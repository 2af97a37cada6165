import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redact, redactText } from './redact.js';

describe('isSecretKey', () => {
  it.each(['password', 'PASSWORD', 'passwd', 'client_secret', 'clientSecret', 'secureValue', 'secure_value', 'token', 'accessToken', 'key_json', 'api_key', 'accountKey', 'workspaceKey', 'private_key', 'authorization', 'sasToken', 'credentials'])(
    '%s is secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );

  it.each(['name', 'tenantId', 'subscriptionId', 'key_path', 'host', 'login', 'image', 'docker_url'])('%s is not secret', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('redactText', () => {
  it.each([
    ['a bearer token', 'Authorization: Bearer eyJ0eXAi.eyJzdWIi.c2ln', 'Authorization: Bearer ***'],
    ['user:password@ in a URL', 'pull https://user:s3cret@registry.io/v2 failed', 'pull https://user:***@registry.io/v2 failed'],
    ['a password holding @ and :', 'docker://user:p@ss:w@rd@host:80', 'docker://user:***@host:80'],
    ['an empty user', 'redis://:s3cret@cache:6379', 'redis://:***@cache:6379'],
    ['key=value secrets', 'client_secret=abc&password=def&token=ghi&sig=jkl', 'client_secret=***&password=***&token=***&sig=***'],
    ['prefixed key names', 'api_key=abc x_secret=def', 'api_key=*** x_secret=***'],
    ['a storage connection string', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net'],
  ])('hides %s', (_, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'container group "web" was not found in resource group "rg1"; see https://registry.io/v2?tenant=t&key_path=/k';
    expect(redactText(text)).toBe(text);
  });
});

describe('redact', () => {
  it('hides secret-named properties at any depth, keeps the rest, and does not touch the input', () => {
    const input = {
      name: 'web',
      password: 'p',
      nested: { clientSecret: 'c', list: [{ name: 'X', secureValue: 's' }, { name: 'Y', value: 'plain' }] },
      url: 'https://u:pw@host/path',
      empty: '',
      none: null,
    };
    expect(redact(input)).toEqual({
      name: 'web',
      password: REDACTED,
      nested: { clientSecret: REDACTED, list: [{ name: 'X', secureValue: REDACTED }, { name: 'Y', value: 'plain' }] },
      url: 'https://u:***@host/path',
      empty: '',
      none: null,
    });
    expect(input.password).toBe('p');
  });

  it('keeps the file names of a secret volume and hides their contents', () => {
    expect(redact({ secret: { 'config.json': 'e30=', 'token.txt': 'dG9rZW4=' } })).toEqual({ secret: { 'config.json': REDACTED, 'token.txt': REDACTED } });
  });

  it('survives cycles and keeps dates', () => {
    const date = new Date(0);
    const a: Record<string, unknown> = { date };
    a.self = a;
    expect(redact(a)).toEqual({ date, self: '[Circular]' });
  });
});
