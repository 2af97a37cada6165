/**
 * An in-memory `ContainerGroupHook` for the CLI's unit tests: a group "runs" as soon as it is created,
 * printing the lines and exiting with the code its main container's command asks for
 * (`['sh', '-c', 'echo a; exit 3']` → lines `a`, exit 3), or with what the test scripted.
 */
import {
  ContainerGroupNotFoundError,
  mainContainerOf,
  toMessages,
  toStateSummary,
  type ContainerGroup,
  type ContainerGroupHook,
  type LogLine,
} from '@container-hook/core';

export interface FakeRun {
  lines: string[];
  exitCode: number;
  /** Never terminate (until deleted or aborted). */
  hang?: boolean;
}

export interface FakeHook extends ContainerGroupHook {
  readonly groups: Map<string, ContainerGroup>;
  readonly calls: string[];
  /** The run of a created group; default: from its command. */
  script: (group: ContainerGroup) => FakeRun;
  /** Adds a group as if created earlier (for list/prune). */
  seed(resourceGroup: string, name: string, group: ContainerGroup): void;
}

function key(rg: string, name: string): string {
  return `${rg.toLowerCase()}/${name}`;
}

/** Reads `echo X` and `exit N` out of an `sh -c` command. */
export function scriptFromCommand(group: ContainerGroup): FakeRun {
  const cmd = (group.containers[0]?.command ?? []).join(' ');
  const lines = [...cmd.matchAll(/echo ([^;]+)/g)].map((m) => `${m[1]!.trim()}\n`);
  const exit = /exit (\d+)/.exec(cmd);
  return { lines, exitCode: exit ? Number(exit[1]) : 0, hang: /sleep/.test(cmd) };
}

export function createFakeHook(): FakeHook {
  const groups = new Map<string, ContainerGroup>();
  const runs = new Map<string, FakeRun>();
  const calls: string[] = [];
  const get = (rg: string, name: string): ContainerGroup => {
    const g = groups.get(key(rg, name));
    if (!g) throw new ContainerGroupNotFoundError(rg, name);
    return g;
  };
  const withView = (name: string, g: ContainerGroup, run: FakeRun | undefined): ContainerGroup => ({
    ...g,
    name,
    provisioningState: 'Succeeded',
    containers: g.containers.map((c) => ({
      ...c,
      environmentVariables: c.environmentVariables?.map((e) => (e.secureValue === undefined ? e : { name: e.name })),
      instanceView: {
        restartCount: 0,
        currentState:
          run && !run.hang
            ? { state: 'Terminated', exitCode: run.exitCode, detailStatus: run.exitCode === 0 ? 'Completed' : 'Error' }
            : { state: 'Running', detailStatus: '' },
        events: [{ name: 'Started', message: `Started container ${c.name}`, type: 'Normal', count: 1, firstTimestamp: new Date(0) }],
      },
    })),
  });
  const hook: FakeHook = {
    groups,
    calls,
    script: scriptFromCommand,
    seed(rg, name, group) {
      groups.set(key(rg, name), { ...group, name });
    },
    async getConn() {
      return {};
    },
    async createOrUpdate(rg, name, group) {
      calls.push(`createOrUpdate ${rg}/${name}`);
      groups.set(key(rg, name), { ...group, name });
      runs.set(key(rg, name), hook.script(group));
      return withView(name, group, runs.get(key(rg, name)));
    },
    async getState(rg, name) {
      calls.push(`getState ${rg}/${name}`);
      return withView(name, get(rg, name), runs.get(key(rg, name)));
    },
    async getStateExitCodeDetails(rg, name) {
      return toStateSummary(name, withView(name, get(rg, name), runs.get(key(rg, name))));
    },
    async getMessages(rg, name) {
      return toMessages(name, withView(name, get(rg, name), runs.get(key(rg, name))));
    },
    async getLogs(rg, name, tail = 1000) {
      get(rg, name);
      const lines = runs.get(key(rg, name))?.lines ?? [];
      return tail === 0 ? [] : lines.slice(-tail);
    },
    async *followLogs(rg, name, options = {}): AsyncIterable<LogLine> {
      const g = get(rg, name);
      const run = runs.get(key(rg, name));
      const container = options.container ?? mainContainerOf(name, g.containers)?.name ?? '';
      for (const text of run?.lines ?? []) yield { container, stream: 'stdout', text };
      if (run?.hang) {
        await new Promise<void>((resolve) => {
          if (options.abortSignal?.aborted) resolve();
          options.abortSignal?.addEventListener('abort', () => resolve(), { once: true });
        });
        const e = new Error('aborted');
        e.name = 'AbortError';
        throw e;
      }
    },
    async delete(rg, name) {
      calls.push(`delete ${rg}/${name}`);
      groups.delete(key(rg, name));
    },
    async exists(rg, name) {
      calls.push(`exists ${rg}/${name}`);
      return groups.has(key(rg, name));
    },
    async *list(rg) {
      for (const [k, g] of groups) if (rg === undefined || k.startsWith(`${rg.toLowerCase()}/`)) yield g;
    },
    async start(rg, name) {
      get(rg, name);
      calls.push(`start ${rg}/${name}`);
    },
    async stop(rg, name) {
      get(rg, name);
      calls.push(`stop ${rg}/${name}`);
    },
    async restart(rg, name) {
      get(rg, name);
      calls.push(`restart ${rg}/${name}`);
    },
    async testConnection() {
      return { ok: true, message: 'the fake answers' };
    },
  };
  return hook;
}
