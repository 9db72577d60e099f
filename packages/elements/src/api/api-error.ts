import type { ErrorBody, ErrorCode, ErrorIssue } from '@arrivo/core';

/** Codes the server defines, plus the two ways a request fails before any answer arrives. */
export type ClientErrorCode = ErrorCode | 'network_error' | 'timeout';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly issues?: ErrorIssue[];
  readonly details?: Record<string, unknown>;

  constructor(code: ClientErrorCode, message: string, status = 0, body?: Partial<ErrorBody>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.issues = body?.issues;
    this.details = body?.details;
  }

  /**
   * Build from an error response; a body that is not ours (a proxy's HTML page) still gets a code.
   * (The code is taken as the server sends it: checking it against the catalogue would ship every
   * server message to the browser.)
   */
  static fromResponse(status: number, data: unknown): ApiError {
    const body = (typeof data === 'object' && data !== null ? data : {}) as Partial<ErrorBody>;
    const code: ClientErrorCode = typeof body.code === 'string' ? body.code : status >= 500 ? 'internal' : 'validation_failed';
    return new ApiError(code, typeof body.message === 'string' ? body.message : `Request failed (${status}).`, status, body);
  }
}
