/**
 * ARM's error envelope. Every failure the emulator answers with — an unknown route, a bad token, a
 * service-rule problem, a crash in a handler — leaves as `{ error: { code, message, target?, details? } }`,
 * the `CloudError` of the ACI spec, so clients see the codes and shapes real ARM sends.
 *
 * @see https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md#error-response-content
 */

/** `CloudErrorBody` of the spec. */
export interface CloudErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: CloudErrorBody[];
}

/** An error a handler throws to answer with a CloudError and this HTTP status. */
export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly statusCode: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly details: CloudErrorBody[] | undefined;
  /** Extra response headers (for example `WWW-Authenticate` on a 401). */
  readonly headers: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, options: { target?: string; details?: CloudErrorBody[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.target = options.target;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** The response body: `{ error: { code, message, target?, details? } }`. */
  toBody(): { error: CloudErrorBody } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target !== undefined ? { target: this.target } : {}),
        ...(this.details !== undefined ? { details: this.details } : {}),
      },
    };
  }
}

/** ARM's 404 for a container group that does not exist (its standard "ResourceNotFound" text). */
export function containerGroupNotFound(resourceGroup: string, name: string): CloudError {
  return new CloudError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.ContainerInstance/containerGroups/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** ARM's 404 for a resource group that does not exist. */
export function resourceGroupNotFound(resourceGroup: string): CloudError {
  return new CloudError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

/** ARM's 401 for a request without a valid bearer token. */
export function invalidAuthenticationToken(message: string): CloudError {
  return new CloudError(401, 'InvalidAuthenticationToken', message, {
    headers: { 'WWW-Authenticate': `Bearer authorization_uri="", error="invalid_token", error_description="${message.replace(/"/g, "'")}"` },
  });
}
