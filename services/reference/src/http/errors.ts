import type { ServiceErrorBody } from '@talknshop/contracts';

/** An error that reaches the client as a `ServiceErrorBody` with the given status. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  toBody(): ServiceErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}

export function invalidRequest(message: string, field?: string): ServiceError {
  return new ServiceError(400, 'INVALID_REQUEST', message, field);
}
