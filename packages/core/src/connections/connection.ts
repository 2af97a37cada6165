import { REDACTED, redact, redactText } from '../redact.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** The fields of a connection, as Airflow's `Connection` has them (`conn_type` → `connType`). */
export interface ConnectionFields {
  connId: string;
  /** Normalised: hyphens become underscores, as Airflow does (`azure-container-instance` → `azure_container_instance`). */
  connType: string;
  description?: string;
  host?: string;
  login?: string;
  password?: string;
  port?: number;
  schema?: string;
  /** Airflow's `extra_dejson`: backend-specific settings (`tenantId`, `docker_url`, …). */
  extra?: Record<string, unknown>;
}

/**
 * A named connection: which backend (by `connType`) and how to reach it, read the way Airflow reads
 * connections so that existing set-ups work unchanged.
 *
 * WARNING: `password` is readable, but never printed: `toString`, `toJSON` and `util.inspect` show it,
 * and every secret-named extra (`key_json`, `client_secret`, …), as `***`.
 */
export class Connection {
  readonly connId: string;
  readonly connType: string;
  readonly description: string | undefined;
  readonly host: string | undefined;
  readonly login: string | undefined;
  readonly port: number | undefined;
  readonly schema: string | undefined;
  readonly extra: Readonly<Record<string, unknown>>;
  // A private field: invisible to util.inspect, Object.keys and JSON.stringify.
  readonly #password: string | undefined;

  constructor(fields: ConnectionFields) {
    this.connId = fields.connId;
    this.connType = fields.connType.replaceAll('-', '_');
    this.description = fields.description;
    this.host = fields.host;
    this.login = fields.login;
    this.port = fields.port;
    this.schema = fields.schema;
    this.#password = fields.password;
    this.extra = Object.freeze({ ...(fields.extra ?? {}) });
  }

  get password(): string | undefined {
    return this.#password;
  }

  /** The connection with every secret shown as `***`. */
  toJSON(): Record<string, unknown> {
    return {
      connId: this.connId,
      connType: this.connType,
      description: this.description,
      // A host written as a URL may carry user:password@ (the docker provider's registry form).
      host: this.host === undefined ? undefined : redactText(this.host),
      login: this.login,
      password: this.#password === undefined ? undefined : REDACTED,
      port: this.port,
      schema: this.schema,
      extra: redact({ ...this.extra }),
    };
  }

  toString(): string {
    return `Connection(${JSON.stringify(this.toJSON())})`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
