/**
 * ARM's bearer-token check, for the emulator's ARM routes.
 *
 * @see https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md
 */
import { CloudError } from './cloud-error.js';
import type { TokenService } from './token-service.js';

/** What {@link authenticate} checks tokens with. */
export interface AuthenticateDeps {
  tokens: TokenService;
  /** The audiences ARM routes accept: the emulator's origin, `https://management.azure.com/`, `https://management.core.windows.net/`. */
  acceptedAudiences: string[];
}

/**
 * Checks an `Authorization` header as ARM does: `Bearer <jwt>`, signed by the emulator's token service,
 * unexpired, for one of the accepted audiences.
 *
 * @param authorization - The request's `Authorization` header.
 * @param deps - The token service and the accepted audiences.
 * @throws {CloudError} 401 `AuthenticationFailed` when the header is missing or not a bearer token;
 * 401 `InvalidAuthenticationToken` when the token is not valid.
 */
export async function authenticate(authorization: string | undefined, deps: AuthenticateDeps): Promise<void> {
  if (authorization === undefined || authorization.trim() === '') {
    throw authenticationFailed("Authentication failed. The 'Authorization' header is missing.");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  if (match?.[1] === undefined) {
    throw authenticationFailed("Authentication failed. The 'Authorization' header is provided in an invalid format.");
  }
  await deps.tokens.verifyAccessToken(match[1], deps.acceptedAudiences);
}

function authenticationFailed(message: string): CloudError {
  // The challenge tells a client such as the Azure CLI that a bearer token is what it should send.
  return new CloudError(401, 'AuthenticationFailed', message, { headers: { 'WWW-Authenticate': 'Bearer authorization_uri="", error="invalid_token"' } });
}
