import {
  IconApi,
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconClick,
  IconEye,
  IconForms,
  IconHeadset,
  IconMail,
  IconMailOpened,
  IconMessage,
  IconMessageCheck,
  IconMessageCircle,
  IconMessages,
  IconShoppingCart,
  IconSparkles,
  IconWorld,
  type Icon,
} from '@tabler/icons-react';
import { humanize } from '../../../lib/format';

const CHANNELS: Record<string, { icon: Icon; label: string; color: string }> = {
  web: { icon: IconWorld, label: 'Website chat', color: 'blue' },
  whatsapp: { icon: IconBrandWhatsapp, label: 'WhatsApp', color: 'green' },
  messenger: { icon: IconBrandMessenger, label: 'Messenger', color: 'indigo' },
  telegram: { icon: IconBrandTelegram, label: 'Telegram', color: 'cyan' },
  sms: { icon: IconMessage, label: 'SMS', color: 'orange' },
  email: { icon: IconMail, label: 'Email', color: 'grape' },
  api: { icon: IconApi, label: 'API', color: 'gray' },
};

export function channelInfo(channel: string): { icon: Icon; label: string; color: string } {
  return CHANNELS[channel] ?? { icon: IconMessages, label: humanize(channel), color: 'gray' };
}

export const EVENT_TYPES: Record<string, { icon: Icon; label: string; color: string }> = {
  page_view: { icon: IconEye, label: 'Viewed a page', color: 'gray' },
  conversation_started: { icon: IconMessageCircle, label: 'Started a conversation', color: 'blue' },
  conversation_resolved: { icon: IconMessageCheck, label: 'Conversation resolved', color: 'teal' },
  handoff_requested: { icon: IconHeadset, label: 'Asked for a human agent', color: 'orange' },
  form_submitted: { icon: IconForms, label: 'Submitted a form', color: 'violet' },
  purchase: { icon: IconShoppingCart, label: 'Made a purchase', color: 'green' },
  email_opened: { icon: IconMailOpened, label: 'Opened an email', color: 'grape' },
  link_clicked: { icon: IconClick, label: 'Clicked a link', color: 'cyan' },
  custom: { icon: IconSparkles, label: 'Custom event', color: 'pink' },
};
