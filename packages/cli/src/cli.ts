/**
 * The command table: every command, flag and example of `container-hook`, declared with commander.
 * Each action lazily imports its `commands/<name>.ts`, so `--help` loads only this file and commander,
 * and a Docker command never loads the Azure SDK.
 */
import { Command, Option } from 'commander';
import type { CommandContext, GlobalOptions } from './context.js';
import {
  collect,
  collectKeyValue,
  collectPort,
  parseDuration,
  parseNonNegativeInteger,
  parsePositiveNumber,
  parseRestartPolicy,
} from './parse.js';

export type { GlobalOptions } from './context.js';

/** What an action does with its context. Resolves to the exit status. */
export type Action = (ctx: CommandContext) => Promise<number>;

export interface ActionOptions {
  /** The exit status of a failure that is not a usage error or an interrupt; default 1 (`run`: 125). */
  failureExitCode?: number;
}

export interface CliHooks {
  /** Called with the action the parsed command line selected. */
  run(action: Action, globals: GlobalOptions, options?: ActionOptions): void;
  version: string;
  /** Where CONTAINER_HOOK_CONN and CONTAINER_HOOK_RESOURCE_GROUP are read (not commander's `.env()`, which reads process.env only). */
  env: NodeJS.ProcessEnv;
}

/** Global options that an environment variable sets when the command line does not. */
const OPTION_ENV = { conn: 'CONTAINER_HOOK_CONN', resourceGroup: 'CONTAINER_HOOK_RESOURCE_GROUP' } as const;

const EXIT_STATUS_HELP = 'Exit status: 0 success, 1 the operation failed (exists: no such group), 2 usage, 130 interrupted; run: the container\'s exit code, 125 when container-hook failed.';

export function buildCli(hooks: CliHooks): Command {
  const program = new Command('container-hook')
    .description("Run container groups (Azure Container Instances' model) on a local Docker engine or ACI, through one contract.")
    .version(hooks.version, '-V, --version', 'print the version')
    .addOption(
      new Option('--conn <id>', 'the connection to use (Airflow-style: AIRFLOW_CONN_<ID>, the connections file, built-ins; env: CONTAINER_HOOK_CONN)').default(
        'docker_default',
      ),
    )
    .addOption(new Option('-g, --resource-group <name>', 'the resource group (on Docker: a label; env: CONTAINER_HOOK_RESOURCE_GROUP)').default('default'))
    .option('--json', 'print one JSON document on stdout (errors as {"error":{"code","message"}})')
    .option('--verbose', 'explain errors with their causes')
    .addHelpText(
      'after',
      `
Examples:
  $ container-hook run --image container-hook/busybox:local -- sh -c 'echo hello; exit 3'; echo $?
  $ container-hook run --file group.yaml --secure-env API_TOKEN --timeout 600
  $ container-hook -g jobs list
  $ container-hook logs my-group --follow
  $ container-hook validate --file group.json
  $ container-hook prune --older-than 2h
  $ container-hook connections list
  $ container-hook emulator --port 8443
  $ AIRFLOW_CONN_ACI='azure-container-instance://<client-id>:<secret>@/?tenantId=<t>&subscriptionId=<s>' container-hook --conn aci test-connection

Connections are read as Apache Airflow reads them: AIRFLOW_CONN_<CONN_ID> (URI or JSON), then the file
named by CONTAINER_HOOK_CONNECTIONS_FILE (as 'airflow connections export' writes it), then the built-in
docker_default (the local Docker engine, discovered).

${EXIT_STATUS_HELP}`,
    );

  for (const [attribute, variable] of Object.entries(OPTION_ENV)) {
    const value = hooks.env[variable];
    if (value !== undefined && value !== '') program.setOptionValueWithSource(attribute, value, 'env');
  }

  const globals = (cmd: Command): GlobalOptions => {
    const o = cmd.optsWithGlobals<Partial<GlobalOptions>>();
    return { conn: o.conn ?? 'docker_default', resourceGroup: o.resourceGroup ?? 'default', json: o.json === true, verbose: o.verbose === true };
  };
  /** Declares `<command> <name>` acting on one group. */
  const groupCommand = (name: string, description: string) => program.command(name).description(description).argument('<name>', 'the container group name');

  // --- connections -------------------------------------------------------------------------------
  const connections = program.command('connections').description('list and show connections (secrets redacted)');
  connections
    .command('list')
    .description('list every connection container-hook can see, with where it comes from')
    .action((_opts, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/connections.js')).connectionsList({}, ctx), globals(cmd));
    });
  connections
    .command('get')
    .description('show one connection (password and secret extras redacted)')
    .argument('<id>', 'the connection id')
    .action((id: string, _opts, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/connections.js')).connectionsGet({ connId: id }, ctx), globals(cmd));
    });

  // --- run ---------------------------------------------------------------------------------------
  program
    .command('run')
    .description("run a container group to completion: live logs on stdout, progress on stderr, then exit with the main container's exit code")
    .argument('[command...]', 'the command and its arguments, after -- (default: the image\'s)')
    .option('--image <image>', 'the image of the main container (required unless --file gives one)')
    .option('--name <name>', 'the group name (default: the file\'s, else run-<random>)')
    .option('--location <location>', 'the Azure region (ACI)')
    .option('--cpu <count>', 'CPU cores requested (default 1)', parsePositiveNumber)
    .option('--memory <gb>', 'memory requested in GB (default 1.5)', parsePositiveNumber)
    .option('-e, --env <name=value>', 'an environment variable (repeatable)', collectKeyValue)
    .option('--secure-env <name[=value]>', 'a secure variable, its value read from the environment when not given (repeatable; never printed)', collect)
    .option('--secure-env-file <file>', 'secure variables from NAME=VALUE lines')
    .option('--restart-policy <policy>', 'Always, OnFailure or Never (default Never)', parseRestartPolicy)
    .option('-p, --port <port>', 'a port to expose (repeatable)', collectPort)
    .option('-f, --file <file>', 'the group, as the SDK model, an ARM body or `az container create` YAML (- for stdin); flags override its main container')
    .option('--keep', 'keep the group afterwards (default: delete it, also on failure and Ctrl-C)')
    .option('--timeout <seconds>', 'give up (and delete the group) after this long', parsePositiveNumber)
    .option('--all-logs', "show every container's logs, each line prefixed with [container]")
    .addHelpText(
      'after',
      `
Examples:
  $ container-hook run --image container-hook/busybox:local -- sh -c 'echo hello; exit 3'
  $ API_TOKEN=... container-hook run --image my/job:1 --secure-env API_TOKEN --env MODE=batch --cpu 2 --memory 4
  $ container-hook run --file group.yaml --all-logs --timeout 3600

Ctrl-C deletes the group (unless --keep) and exits 130.`,
    )
    .action((command: string[], opts: Record<string, unknown>, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/run.js')).run({ ...opts, command } as never, ctx), globals(cmd), { failureExitCode: 125 });
    });

  // --- create / validate -------------------------------------------------------------------------
  program
    .command('create')
    .description('create (or update) a group from a file and return at once; --wait waits until it is provisioned')
    .requiredOption('-f, --file <file>', 'the group, as the SDK model, an ARM body or `az container create` YAML (- for stdin)')
    .option('--name <name>', "the group name (default: the file's)")
    .option('--wait', 'wait until provisioning has finished')
    .addHelpText('after', '\nExample:\n  $ container-hook create --file group.yaml --wait')
    .action((opts: Record<string, unknown>, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/create.js')).create(opts as never, ctx), globals(cmd));
    });
  program
    .command('validate')
    .description('check a group file against ACI\'s rules without calling any backend; lists every problem')
    .requiredOption('-f, --file <file>', 'the group, as the SDK model, an ARM body or `az container create` YAML (- for stdin)')
    .option('--name <name>', "the group name to check (default: the file's)")
    .addHelpText('after', '\nExample:\n  $ container-hook validate --file group.json && echo valid')
    .action((opts: Record<string, unknown>, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/validate.js')).validate(opts as never, ctx), globals(cmd));
    });

  // --- one group ---------------------------------------------------------------------------------
  groupCommand('state', "show the main container's state, exit code and detail (--json: the whole group)").action(
    (name: string, _opts, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/state.js')).state({ name }, ctx), globals(cmd));
    },
  );
  groupCommand('messages', "show the main container's event messages, oldest first").action((name: string, _opts, cmd: Command) => {
    hooks.run(async (ctx) => (await import('./commands/messages.js')).messages({ name }, ctx), globals(cmd));
  });
  groupCommand('logs', "print a container's log (default: the main container's last 1000 lines)")
    .option('--tail <lines>', 'how many of the last lines (default 1000)', parseNonNegativeInteger)
    .option('--follow', 'stream new lines until the container ends (with --json: one JSON object per line)')
    .option('--container <name>', 'the container (default: the one named like the group, else the first)')
    .option('--timestamps', 'prefix each line with its time')
    .addHelpText('after', '\nExamples:\n  $ container-hook logs my-group --tail 50\n  $ container-hook logs my-group --follow --json | jq -r .text')
    .action((name: string, opts: Record<string, unknown>, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/logs.js')).logs({ ...opts, name } as never, ctx), globals(cmd));
    });
  groupCommand('delete', 'delete a group and everything it owns (a missing group is not an error)').action((name: string, _opts, cmd: Command) => {
    hooks.run(async (ctx) => (await import('./commands/delete.js')).deleteGroup({ name }, ctx), globals(cmd));
  });
  groupCommand('exists', 'exit 0 when the group exists, 1 when it does not').action((name: string, _opts, cmd: Command) => {
    hooks.run(async (ctx) => (await import('./commands/exists.js')).exists({ name }, ctx), globals(cmd));
  });
  for (const verb of ['start', 'stop', 'restart'] as const) {
    groupCommand(verb, `${verb} a group's containers`).action((name: string, _opts, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/lifecycle.js')).lifecycle({ name, verb }, ctx), globals(cmd));
    });
  }

  // --- the resource group ------------------------------------------------------------------------
  program
    .command('list')
    .description('list the groups of the resource group')
    .action((_opts, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/list.js')).list({}, ctx), globals(cmd));
    });
  program
    .command('prune')
    .description('delete the groups this tool created (run, create) that are older than --older-than; never any other group')
    .option('--older-than <duration>', 'age, such as 30m, 2h or 1d (default 1h)', parseDuration)
    .option('--dry-run', 'only list what would be deleted')
    .addHelpText('after', '\nExample:\n  $ container-hook -g jobs prune --older-than 2h')
    .action((opts: Record<string, unknown>, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/prune.js')).prune(opts as never, ctx), globals(cmd));
    });
  program
    .command('test-connection')
    .description('check that the backend of --conn answers and its credentials work, without creating anything')
    .action((_opts, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/test-connection.js')).testConnection({}, ctx), globals(cmd));
    });

  // --- the ACI emulator --------------------------------------------------------------------------
  program
    .command('emulator')
    .description(
      'run the ACI emulator in the foreground: an HTTPS ARM endpoint for Microsoft.ContainerInstance with its own token service, running groups on the local Docker engine',
    )
    .option('--port <port>', 'the port on 127.0.0.1, 0 for any free one (default: the one kept in the state folder, else 8443)', parseNonNegativeInteger)
    .option('--state-dir <dir>', 'where the CA, keys, identity and port are kept (default: $XDG_STATE_HOME/container-hook/aci-emulator)')
    .option('--image-map <from=to>', 'run image FROM as the local image TO (repeatable; FROM without a tag matches every tag)', (value: string, previous: string[] = []) => [
      ...previous,
      value,
    ])
    .option('--strict-resource-groups', 'an unknown resource group is ResourceGroupNotFound, as in Azure (default: created on first use)')
    .option('--print-env', "print the export lines of this state folder's emulator and exit, without serving")
    .option('--print-az', "print the commands that make the Azure CLI (az) a client of this state folder's emulator, and exit")
    .addHelpText(
      'after',
      `
Examples:
  $ container-hook emulator --image-map nginx=container-hook/busybox:local
  $ eval "$(container-hook emulator --print-env)"     # in another terminal: AZURE_*, IDENTITY_*, NODE_EXTRA_CA_CERTS
  $ export AIRFLOW_CONN_ACI_LOCAL="$(container-hook --json emulator --print-env | jq -c .connection)"
  $ eval "$(container-hook emulator --print-az)"      # then: az container create|show|logs|list|delete …

Ctrl-C (or SIGTERM) stops it, deletes the container groups it created and exits 0. The printed secret is
a local-only credential of this emulator.`,
    )
    .action((opts: Record<string, unknown>, cmd: Command) => {
      hooks.run(async (ctx) => (await import('./commands/emulator.js')).emulator(opts as never, ctx), globals(cmd));
    });

  return program;
}
