/** How an open failure is told on the recovery screen (core/session/problems.ts). */
import { describe, expect, it } from 'vitest';
import { classifyOpenFailure, integrityProblem } from '../core/session/problems.js';

const fail = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('open failures in words', () => {
  it.each([
    [fail('This workspace was saved by a newer version of Nexvio Contacts (schema 99).', 'database_too_new'), 'too_new'],
    [fail('database disk image is malformed', 'SQLITE_CORRUPT'), 'corrupt'],
    [fail('file is not a database', 'SQLITE_NOTADB'), 'corrupt'],
    [fail('database is locked', 'SQLITE_BUSY'), 'locked'],
    [fail('unable to open database file', 'SQLITE_CANTOPEN'), 'unreadable'],
    [fail('attempt to write a readonly database', 'SQLITE_READONLY'), 'unreadable'],
    [fail('disk I/O error', 'SQLITE_IOERR_WRITE'), 'unreadable'],
    [fail('permission denied', 'EACCES'), 'unreadable'],
    [fail('Cannot open database because the directory does not exist'), 'unreadable'],
    [fail('something nobody expected'), 'failed'],
  ] as const)('%s → %s', (error, code) => {
    const problem = classifyOpenFailure(error, '/data/workspace.db');
    expect(problem.code).toBe(code);
    expect(problem.databasePath).toBe('/data/workspace.db');
    expect(problem.title.length).toBeGreaterThan(10);
    // Every message says the file was not touched, and none is a stack trace.
    expect(problem.message).toMatch(/was left exactly as it is|Nothing in the file was changed/);
    expect(problem.message).not.toMatch(/\n\s+at /);
  });

  it('says what the integrity check found, and how much more', () => {
    expect(integrityProblem(['row 3 missing from index a', 'row 9 missing from index a'], '/db').message).toMatch(/\(row 3 missing from index a, and 1 more\)/);
  });
});
