/**
 * What the native error dialog says when the workspace cannot open. Pure.
 * The core's own message is already written for people (core/db/database.ts), so it is
 * shown as is; this adds the title and where the file is.
 */
export interface StartupErrorText {
  title: string;
  message: string;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function describeStartupError(error: unknown, databasePath: string): StartupErrorText {
  const detail = error instanceof Error ? error.message : String(error);
  if (errorCode(error) === 'database_too_new') {
    return {
      title: 'Nexvio Contacts needs an update',
      message: `${detail}\n\nWorkspace file: ${databasePath}`,
    };
  }
  return {
    title: 'Nexvio Contacts could not open its workspace',
    message:
      `${detail}\n\nWorkspace file: ${databasePath}\n\n` +
      'The file was left as it is. If the problem persists, make a copy of the file and contact support.',
  };
}
