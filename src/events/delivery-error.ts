/** A failed call to a destination service; the queue retries it unless the destination is missing. */
export class DeliveryError extends Error {
  /** The service answered that the destination does not exist (no retry helps). */
  constructor(message: string, readonly missing = false) {
    super(message);
    this.name = 'DeliveryError';
  }
}
