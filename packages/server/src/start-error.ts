/**
 * A problem the person starting the server must fix (a port taken, a folder PostgreSQL cannot
 * reach). Its message says what to do, so it is shown alone, without a stack trace.
 */
export class StartError extends Error {
  override name = 'StartError';
}
