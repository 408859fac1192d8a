import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** Nexvio violet: a calm indigo-violet that reads well on light and dark backgrounds. */
const nexvio: MantineColorsTuple = ['#f1efff', '#e0dcff', '#bdb4fb', '#988af7', '#7966f4', '#6650f2', '#5b44f2', '#4b36d8', '#422fc2', '#3626ab'];

const FONT = 'Inter, "Inter Variable", ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"';

export const theme = createTheme({
  primaryColor: 'nexvio',
  primaryShade: { light: 6, dark: 5 },
  colors: { nexvio },
  fontFamily: FONT,
  headings: { fontFamily: FONT, fontWeight: '650' },
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "Cascadia Code", "JetBrains Mono", Menlo, Consolas, monospace',
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  components: {
    Badge: { defaultProps: { radius: 'sm' } },
    Tooltip: { defaultProps: { openDelay: 350, withArrow: true, events: { hover: true, focus: true, touch: false } } },
    ActionIcon: { defaultProps: { variant: 'subtle', color: 'gray' } },
    // Every notice's close button is named (Mantine's has no label of its own).
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
  },
});
