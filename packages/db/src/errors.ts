/** Base of every error this package throws on purpose; `code` is stable and safe to switch on. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The item already exists (create) or changed since it was read (optimistic locking lost a race). */
export class ConflictError extends DbError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFLICT', message, options);
  }
}

/** The item does not exist, or has expired. */
export class NotFoundError extends DbError {
  constructor(message: string, options?: ErrorOptions) {
    super('NOT_FOUND', message, options);
  }
}

/** The item would exceed DynamoDB's 400 KB limit; nothing was written. */
export class ItemTooLargeError extends DbError {
  constructor(
    readonly item: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super('ITEM_TOO_LARGE', `${item} would be ${sizeBytes} bytes, over the ${limitBytes}-byte item limit`);
  }
}

/** A pagination cursor that this service did not issue for this query (tampered, garbled or reused). */
export class InvalidCursorError extends DbError {
  constructor(message = 'invalid cursor', options?: ErrorOptions) {
    super('INVALID_CURSOR', message, options);
  }
}
