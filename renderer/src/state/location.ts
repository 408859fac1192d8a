export const VIEWS = ['contacts', 'activity', 'segments', 'analytics', 'privacy', 'settings'] as const;
export type View = (typeof VIEWS)[number];
const VIEW_NAMES: readonly string[] = VIEWS;

/** "#/contacts/ID" ⇄ the open view and contact, so a reload (or a copied link) keeps them. */
export function parseLocation(hash: string): { view: View; selectedId: string | null } | null {
  const [view, id] = hash.replace(/^#\/?/, '').split('/');
  if (!view || !VIEW_NAMES.includes(view)) return null;
  return { view: view as View, selectedId: view === 'contacts' && id ? decodeId(id) : null };
}

function decodeId(text: string): string | null {
  try {
    return decodeURIComponent(text).slice(0, 64) || null;
  } catch {
    return null;
  }
}

export function formatLocation(view: View, selectedId: string | null): string {
  return view === 'contacts' && selectedId ? `#/contacts/${encodeURIComponent(selectedId)}` : `#/${view}`;
}

