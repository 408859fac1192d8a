/**
 * The Activity page reads every kind of item across all contacts newest first, one keyset
 * page at a time, so each kind needs an index on its time alone (the per-contact indexes
 * lead with contact_id). `events_by_time` exists since 001. The rowid that every index
 * carries is the tie-breaker at an equal time, so no page ever sorts more than it returns.
 * The agent filter reads notes by author, field changes by actor and follow-ups by
 * assignee through their own (who, time) indexes.
 */
export const up = /* sql */ `
CREATE INDEX conversations_by_time ON conversations(started_at);
CREATE INDEX notes_by_time ON notes(created_at);
CREATE INDEX notes_by_author ON notes(author_id, created_at);
CREATE INDEX field_changes_by_time ON field_changes(at);
CREATE INDEX field_changes_by_actor ON field_changes(actor_id, at);
CREATE INDEX follow_ups_by_created ON follow_ups(created_at);
CREATE INDEX follow_ups_by_assignee ON follow_ups(assignee_id, created_at);
`;
