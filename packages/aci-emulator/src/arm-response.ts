/** What an ARM handler answers; `server.ts` writes it with the envelope headers every response carries. */
export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
