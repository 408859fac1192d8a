/**
 * The audit log viewer (core/services/audit.ts) filters by who did it and by the record it is
 * about, newest first: an index for each, ending in `seq` so a page is read in order.
 */
export const up = /* sql */ `
CREATE INDEX audit_by_actor ON audit_log(actor_id, seq);
CREATE INDEX audit_by_entity_id ON audit_log(entity_id, seq);
`;
