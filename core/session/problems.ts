/**
 * Why a workspace could not be opened, in words for people (the recovery screen). Pure:
 * the session hands it the error the worker failed to start with (its `code` is SQLite's or
 * the file system's) and gets back one of the contract's AppProblem codes with a title and
 * a message that says the file was left as it is and what to do next.
 */
import type { AppProblem } from '../../preload/contract.js';

function codeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('code' in error)) return '';
  return typeof error.code === 'string' ? error.code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const LEFT_AS_IT_IS = 'The file was left exactly as it is.';

export function classifyOpenFailure(error: unknown, databasePath: string): AppProblem {
  const code = codeOf(error);
  const detail = messageOf(error);
  if (code === 'database_too_new') {
    return {
      code: 'too_new',
      title: 'This workspace needs a newer version of Nexvio Contacts',
      // The core's message says the file was not changed; said here too when it comes from elsewhere.
      message: `${sentence(detail)}${/nothing in the file was changed/i.test(detail) ? '' : ` ${LEFT_AS_IT_IS}`} You can also restore a backup made by this version below.`,
      databasePath,
    };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB') || /file is not a database|malformed/i.test(detail)) {
    return {
      code: 'corrupt',
      title: 'The workspace database is damaged',
      message: `SQLite could not read the workspace (${detail}). ${LEFT_AS_IT_IS} Restore a backup below; the damaged file is kept aside, not deleted.`,
      databasePath,
    };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return {
      code: 'locked',
      title: 'The workspace is in use',
      message: `Another program (perhaps another copy of Nexvio Contacts) holds the workspace open. ${LEFT_AS_IT_IS} Close the other program and start the app again.`,
      databasePath,
    };
  }
  if (['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes(code) || /^SQLITE_(CANTOPEN|READONLY|IOERR|PERM|AUTH)/.test(code) || /directory does not exist/i.test(detail)) {
    return {
      code: 'unreadable',
      title: 'The workspace file cannot be read or written',
      message: `The app is not allowed to use the workspace file, or its folder is missing (${detail}). ${LEFT_AS_IT_IS} Check that the folder exists, that the drive is connected and that you may write to it, then start the app again.`,
      databasePath,
    };
  }
  return {
    code: 'failed',
    title: 'Nexvio Contacts could not open its workspace',
    message: `${sentence(detail)} ${LEFT_AS_IT_IS} Start the app again; if it keeps failing, restore a backup below or make a copy of the file and contact support.`,
    databasePath,
  };
}

/** What a failed `PRAGMA quick_check` found, for the recovery screen and the notice. */
export function integrityProblem(findings: readonly string[], databasePath: string): AppProblem {
  const first = findings[0] ?? 'unknown damage';
  return {
    code: 'integrity',
    title: 'The workspace failed its integrity check',
    message: `SQLite found damage in the workspace (${first}${findings.length > 1 ? `, and ${findings.length - 1} more` : ''}). ${LEFT_AS_IT_IS} Restore a backup below; the damaged file is kept aside, not deleted.`,
    databasePath,
  };
}

/** The data folder chosen earlier is not there (a drive not connected, a folder renamed). */
export function missingFolderProblem(folder: string, databasePath: string): AppProblem {
  return {
    code: 'unreadable',
    title: 'The data folder cannot be found',
    message: `The workspace is kept in ${folder}, which is not there now. Nothing was changed. Connect the drive that holds it (or put the folder back) and start the app again.`,
    databasePath,
  };
}
