/**
 * The lock file cannot be used as it is: missing or not committed where keelson only verifies it
 * (CI), damaged, or without an entry for an object it should protect. Not a props problem (that
 * is a KeelsonValidationError): the message says what to do with the file.
 */
export class KeelsonLockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeelsonLockError';
    Object.setPrototypeOf(this, KeelsonLockError.prototype);
  }
}
