/**
 * `connections list` and `connections get ID`: what container-hook can see, secrets redacted (the
 * password and every secret-named extra show as `***`; the connection's own `toJSON` does the hiding).
 */
import { getConnection, listConnectionSources, redact, type Connection } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatFields, formatTable } from '../output.js';

export type ConnectionsListOptions = Record<string, never>;

/** The redacted fields of a connection, as `--json` prints them. */
function toRedacted(connection: Connection): Record<string, unknown> {
  return redact(connection.toJSON());
}

export async function connectionsList(_options: ConnectionsListOptions, ctx: CommandContext): Promise<number> {
  const listings = await listConnectionSources({ env: ctx.env });
  ctx.out.result(
    listings.map((l) => ({ ...toRedacted(l.connection), source: l.source, origin: l.origin })),
    () =>
      formatTable(
        ['ID', 'TYPE', 'SOURCE', 'HOST', 'LOGIN'],
        listings.map(({ connection: c, source, origin }) => [
          c.connId,
          c.connType,
          source === 'builtin' ? 'built-in' : source === 'env' ? `env ${origin}` : `file ${origin}`,
          c.host ?? '',
          c.login ?? '',
        ]),
      ),
  );
  return ExitCode.Success;
}

export interface ConnectionsGetOptions {
  connId: string;
}

export async function connectionsGet(options: ConnectionsGetOptions, ctx: CommandContext): Promise<number> {
  const connection = await getConnection(options.connId, { env: ctx.env });
  const shown = toRedacted(connection);
  ctx.out.result(shown, () =>
    formatFields([
      ['id', shown.connId],
      ['type', shown.connType],
      ['description', shown.description],
      ['host', shown.host],
      ['port', shown.port],
      ['login', shown.login],
      ['password', shown.password],
      ['schema', shown.schema],
      ...Object.entries((shown.extra ?? {}) as Record<string, unknown>).map(([k, v]) => [`extra.${k}`, v] as const),
    ]),
  );
  return ExitCode.Success;
}
