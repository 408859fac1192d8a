import type { FieldDefinition, MethodOutput } from '../../../../preload/contract';
import { api } from '../../api/client';
import { CONTACTS_OR_WORKSPACE, useReloadOn } from '../../api/useAppEvent';
import { createResourceContext } from '../../api/resourceContext';
import { useResource, type Resource } from '../../api/useResource';

export type Facets = MethodOutput<'contacts.facets'>;

/** Countries, sources and tags with their counts, for the filter bar and the tag picker. */
export function useFacets(): Resource<Facets> {
  const facets = useResource('facets', () => api.call('contacts.facets', {}));
  useReloadOn(facets.reload, CONTACTS_OR_WORKSPACE, 800);
  return facets;
}

/** The custom field definitions (labels and types of `customFields`). */
export function useFieldDefinitions(): Resource<FieldDefinition[]> {
  const fields = useResource('fields', () => api.call('fields.list', {}));
  // Changed here (fields.changed) or by a sync (contacts.changed for all).
  useReloadOn(fields.reload, (event) => event.type === 'workspace.changed' || event.type === 'fields.changed' || (event.type === 'contacts.changed' && event.ids === null), 100);
  return fields;
}

export const [FacetsContext, useFacetsContext] = createResourceContext<Facets>('FacetsContext');
