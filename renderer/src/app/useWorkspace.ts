import type { WorkspaceInfo } from '../../../preload/contract';
import { api } from '../api/client';
import { CONTACTS_OR_WORKSPACE, useReloadOn } from '../api/useAppEvent';
import { createResourceContext } from '../api/resourceContext';
import { useResource, type Resource } from '../api/useResource';

/** The workspace (name, contact count, agent): loaded once, refreshed when contacts change. */
export function useWorkspaceInfoResource(): Resource<WorkspaceInfo> {
  const info = useResource('workspace', () => api.call('workspace.info', {}));
  useReloadOn(info.reload, CONTACTS_OR_WORKSPACE, 400);
  return info;
}

export const [WorkspaceContext, useWorkspace] = createResourceContext<WorkspaceInfo>('WorkspaceContext');
