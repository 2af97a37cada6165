/**
 * The command table: every command, flag and example of `container-hook`, declared with commander.
 * Each action lazily imports its `commands/<name>.ts`, so `--help` loads only this file and commander,
 * and a Docker command never loads the Azure SDK.
 */
import { Command, Option } from 'commander';
import type { Output } from './output.js';

/** The global options every command sees. */
export interface GlobalOptions {
  conn: string;
  resourceGroup: string;
  json: boolean;
  verbose: boolean;
}

/** What an action needs: the global options and where to write. Returns the exit code. */
export type Action = (globals: GlobalOptions, out: Output) => Promise<number>;

export interface CliHooks {
  /** Called with the action the parsed command line selected. */
  run(action: Action, globals: GlobalOptions): void;
  version: string;
  env: NodeJS.ProcessEnv;
}

export function buildCli(hooks: CliHooks): Command {
  const program = new Command('container-hook')
    .description('Run container groups (Azure Container Instances\' model) on a local Docker engine or ACI, through one contract.')
    .version(hooks.version, '-V, --version', 'print the version')
    .addOption(
      new Option('--conn <id>', 'the connection to use (Airflow-style: AIRFLOW_CONN_<ID>, the connections file, built-ins)')
        .env('CONTAINER_HOOK_CONN')
        .default('docker_default'),
    )
    .addOption(
      new Option('-g, --resource-group <name>', 'the resource group (on Docker: a label)').env('CONTAINER_HOOK_RESOURCE_GROUP').default('default'),
    )
    .option('--json', 'print one JSON document on stdout (errors as {"error":{"code","message"}})', false)
    .option('--verbose', 'explain errors with their causes', false)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ container-hook connections list
  $ container-hook connections get docker_default --json
  $ AIRFLOW_CONN_ACI='azure-container-instance://<client-id>:<secret>@/?tenantId=<t>&subscriptionId=<s>' container-hook --conn aci connections get aci

Connections are read as Apache Airflow reads them: AIRFLOW_CONN_<CONN_ID> (URI or JSON), then the file
named by CONTAINER_HOOK_CONNECTIONS_FILE (as 'airflow connections export' writes it), then the built-in
docker_default (the local Docker engine, discovered).

Exit status: 0 success, 1 the operation failed, 2 usage, 130 interrupted.`,
    );

  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

  const connections = program.command('connections').description('list and show connections (secrets redacted)');
  connections
    .command('list')
    .description('list every connection container-hook can see, with where it comes from')
    .action((_opts, cmd: Command) => {
      hooks.run(async (g, out) => (await import('./commands/connections.js')).connectionsList({ env: hooks.env }, out), globals(cmd));
    });
  connections
    .command('get')
    .description('show one connection (password and secret extras redacted)')
    .argument('<id>', 'the connection id')
    .action((id: string, _opts, cmd: Command) => {
      hooks.run(async (g, out) => (await import('./commands/connections.js')).connectionsGet({ connId: id, env: hooks.env }, out), globals(cmd));
    });

  return program;
}
