import { api } from '../../api/client';
import { CONTACTS_OR_WORKSPACE, useReloadOn } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';

/** The contacts the last duplicate check paired with this one (checked again as they are read). */
export function usePossibleDuplicates(contactId: string): string[] {
  const pairs = useResource(`possible-duplicates:${contactId}`, () => api.call('duplicates.list', { contactId, limit: 10 }));
  useReloadOn(pairs.reload, CONTACTS_OR_WORKSPACE, 1000);
  return (pairs.data?.pairs ?? []).map((p) => (p.a.id === contactId ? p.b.id : p.a.id));
}
