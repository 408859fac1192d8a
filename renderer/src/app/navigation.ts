import { IconAddressBook, IconAlarm, IconArrowsJoin, IconArrowsExchange, IconChartBar, IconFilter, IconPlugConnected, IconSettings, IconShieldLock, IconTimeline, type Icon } from '@tabler/icons-react';
import type { View } from '../state/ui';

export interface NavItem {
  view: View;
  label: string;
  icon: Icon;
}

export const NAV_ITEMS: NavItem[] = [
  { view: 'contacts', label: 'Contacts', icon: IconAddressBook },
  { view: 'duplicates', label: 'Duplicates', icon: IconArrowsJoin },
  { view: 'follow-ups', label: 'Follow-ups', icon: IconAlarm },
  { view: 'sync', label: 'Sync', icon: IconArrowsExchange },
  { view: 'activity', label: 'Activity', icon: IconTimeline },
  { view: 'segments', label: 'Segments', icon: IconFilter },
  { view: 'analytics', label: 'Analytics', icon: IconChartBar },
  { view: 'privacy', label: 'Privacy', icon: IconShieldLock },
  { view: 'integrations', label: 'Integrations', icon: IconPlugConnected },
  {
    view: 'settings',
    label: 'Settings',
    icon: IconSettings,
  },
];
