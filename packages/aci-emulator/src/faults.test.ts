/**
 * faults.ts, the pure half: rule checking, route defaults, scripted sequences, `times`, the seeded random
 * source, and the JSON of `CONTAINER_HOOK_EMULATOR_FAULTS`. The faults as clients see them are engine tests
 * (faults.engine.test.ts here and in aci-backend).
 */
import { describe, expect, it } from 'vitest';
import { CloudError } from './cloud-error.js';
import { FAULTS_ENV, FaultInjector, faultConfigFromEnv, seededRandom, toFaultConfig } from './faults.js';

const LOGS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/g/containers/main/logs';
const GROUP = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/g';

describe('toFaultConfig', () => {
  it('takes a rule array or { rules, seed }', () => {
    expect(toFaultConfig([{ kind: 'throttle' }])).toEqual({ rules: [{ kind: 'throttle' }] });
    expect(toFaultConfig({ rules: [{ kind: 'reset', times: 1 }], seed: 42 })).toEqual({ rules: [{ kind: 'reset', times: 1 }], seed: 42 });
  });

  it.each([
    ['not rules', { kind: 'throttle' }, /array of rules/],
    ['an unknown kind', [{ kind: 'explode' }], /rule 0: "kind"/],
    ['a bad regular expression', [{ kind: 'error', route: '(' }], /rule 0: "route"/],
    ['a probability above 1', [{ kind: 'error', probability: 2 }], /"probability"/],
    ['a sequence of numbers', [{ kind: 'error', sequence: [1, 0] }], /"sequence"/],
    ['a negative times', [{ kind: 'error', times: -1 }], /"times"/],
    ['a 200 status', [{ kind: 'error', status: 200 }], /"status"/],
    ['a fractional seed', { rules: [], seed: 1.5 }, /"seed"/],
  ])('refuses %s with a 400', (_name, input, message) => {
    const e = (() => {
      try {
        toFaultConfig(input);
      } catch (error) {
        return error;
      }
    })() as CloudError;
    expect(e).toBeInstanceOf(CloudError);
    expect(e.statusCode).toBe(400);
    expect(e.message).toMatch(message);
  });
});

describe('FaultInjector.decide', () => {
  it('injects nothing without rules, and never on /admin', () => {
    expect(new FaultInjector().decide('GET', GROUP).answer).toEqual({ kind: 'none' });
    expect(new FaultInjector({ rules: [{ kind: 'throttle', route: '.*' }] }).decide('PUT', '/admin/faults').answer).toEqual({ kind: 'none' });
  });

  it('throttle: 429 with Retry-After 1 by default, or as given, or none (null)', () => {
    expect(new FaultInjector({ rules: [{ kind: 'throttle' }] }).decide('GET', GROUP).answer).toEqual({ kind: 'throttle', status: 429, retryAfterInSeconds: 1 });
    expect(new FaultInjector({ rules: [{ kind: 'throttle', retryAfterInSeconds: 3 }] }).decide('GET', GROUP).answer).toMatchObject({ retryAfterInSeconds: 3 });
    expect(new FaultInjector({ rules: [{ kind: 'throttle', retryAfterInSeconds: null }] }).decide('GET', GROUP).answer).toMatchObject({ retryAfterInSeconds: undefined });
  });

  it('error: 500 without Retry-After, 503 with one', () => {
    expect(new FaultInjector({ rules: [{ kind: 'error' }] }).decide('GET', GROUP).answer).toEqual({ kind: 'error', status: 500, retryAfterInSeconds: undefined });
    expect(new FaultInjector({ rules: [{ kind: 'error', status: 503 }] }).decide('GET', GROUP).answer).toEqual({ kind: 'error', status: 503, retryAfterInSeconds: 1 });
  });

  it('default routes: ARM for throttle/error/reset/latency, operation starts for slowOperation, token endpoints for tokenFailure', () => {
    const f = new FaultInjector({ rules: [{ kind: 'reset' }] });
    expect(f.decide('POST', '/tenant/oauth2/v2.0/token').answer.kind).toBe('none');
    expect(f.decide('GET', GROUP).answer.kind).toBe('reset');
    const slow = new FaultInjector({ rules: [{ kind: 'slowOperation', delayInMs: 300 }] });
    expect(slow.decide('GET', GROUP).operationDelayInMs).toBe(0);
    expect(slow.decide('PUT', GROUP).operationDelayInMs).toBe(300);
    const token = new FaultInjector({ rules: [{ kind: 'tokenFailure' }] });
    expect(token.decide('GET', GROUP).answer.kind).toBe('none');
    expect(token.decide('POST', '/7f0b/oauth2/v2.0/token').answer).toEqual({ kind: 'tokenFailure', status: 503, retryAfterInSeconds: undefined });
    expect(token.decide('GET', '/msi/token').answer.kind).toBe('tokenFailure');
  });

  it('matches "METHOD path" case-insensitively, with a RegExp or a string', () => {
    const f = new FaultInjector({ rules: [{ kind: 'error', route: /^get .*\/LOGS$/ }, { kind: 'throttle', route: 'PUT .*/containergroups/[^/]+$' }] });
    expect(f.decide('GET', LOGS).answer.kind).toBe('error');
    expect(f.decide('GET', GROUP).answer.kind).toBe('none');
    expect(f.decide('PUT', GROUP).answer.kind).toBe('throttle');
  });

  it('sequence scripts the matching requests, then stops; times caps injections', () => {
    const f = new FaultInjector({ rules: [{ kind: 'throttle', route: '/logs$', sequence: [true, false, true] }] });
    const kinds = Array.from({ length: 5 }, () => f.decide('GET', LOGS).answer.kind);
    expect(kinds).toEqual(['throttle', 'none', 'throttle', 'none', 'none']);
    expect(f.decide('GET', GROUP).answer.kind).toBe('none');
    expect(f.describe().rules[0]).toMatchObject({ matched: 5, injected: 2, rule: { route: '/logs$' } });
    const twice = new FaultInjector({ rules: [{ kind: 'error', times: 2 }] });
    expect(Array.from({ length: 4 }, () => twice.decide('GET', GROUP).answer.kind)).toEqual(['error', 'error', 'none', 'none']);
  });

  it('latency and slowOperation add up and let the next rule answer', () => {
    const f = new FaultInjector({ rules: [{ kind: 'latency', delayInMs: 20 }, { kind: 'slowOperation', delayInMs: 50 }, { kind: 'latency' }, { kind: 'throttle' }] });
    expect(f.decide('PUT', GROUP)).toEqual({ latencyInMs: 1020, operationDelayInMs: 50, answer: { kind: 'throttle', status: 429, retryAfterInSeconds: 1 } });
  });

  it('probability: the same seed gives the same faults, about as often as asked; each rule draws on its own', () => {
    const draw = (seed: number) => {
      const f = new FaultInjector({ rules: [{ kind: 'error', route: '/logs$', probability: 0.3 }], seed });
      return Array.from({ length: 1000 }, () => f.decide('GET', LOGS).answer.kind === 'error');
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const rate = draw(7).filter(Boolean).length / 1000;
    expect(rate).toBeGreaterThan(0.25);
    expect(rate).toBeLessThan(0.35);
    // Requests of another rule in between do not change this rule's draws.
    const f = new FaultInjector({ rules: [{ kind: 'error', route: '/logs$', probability: 0.3 }, { kind: 'throttle', route: '/g$', probability: 0.5 }], seed: 7 });
    const mixed = Array.from({ length: 1000 }, () => {
      f.decide('GET', GROUP);
      return f.decide('GET', LOGS).answer.kind === 'error';
    });
    expect(mixed).toEqual(draw(7));
  });

  it('seededRandom is in [0, 1) and repeatable', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe(FAULTS_ENV, () => {
  it('unset or empty: no faults', () => {
    expect(faultConfigFromEnv({})).toBeUndefined();
    expect(faultConfigFromEnv({ [FAULTS_ENV]: ' ' })).toBeUndefined();
  });
  it('the JSON of rules, or of { rules, seed }', () => {
    expect(faultConfigFromEnv({ [FAULTS_ENV]: '[{"kind":"throttle","probability":0.1}]' })).toEqual({ rules: [{ kind: 'throttle', probability: 0.1 }] });
    expect(faultConfigFromEnv({ [FAULTS_ENV]: '{"rules":[{"kind":"reset","times":1}],"seed":5}' })).toEqual({ rules: [{ kind: 'reset', times: 1 }], seed: 5 });
  });
  it('names the variable when it is not valid', () => {
    expect(() => faultConfigFromEnv({ [FAULTS_ENV]: '{' })).toThrow(FAULTS_ENV);
    expect(() => faultConfigFromEnv({ [FAULTS_ENV]: '[{"kind":"nope"}]' })).toThrow(/kind/);
  });
});
