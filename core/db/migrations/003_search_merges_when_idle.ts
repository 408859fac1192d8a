/**
 * FTS5 merges its index segments as part of the write that crosses its threshold, so every
 * few edits one paid 20–90 ms at a million contacts. Automatic merging is turned off (a
 * setting stored in the FTS table itself) and the database worker merges when idle instead
 * (core/worker/worker.ts, Workspace.maintain).
 */
export const up = /* sql */ `
INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0);
`;
