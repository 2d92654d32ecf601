/** A mistake in how the command was called (a bad flag value, a missing file name): exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
