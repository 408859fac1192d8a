import type { CSSProperties, ElementType } from 'react';

/**
 * Text from chat users (names, messages, properties): rendered as text only, bidi-isolated so
 * an RTL override cannot flip the surrounding UI, and either cut with an ellipsis on one line
 * (`line`) or wrapped anywhere (long words, 50 KB strings) in detail views.
 */
export function Untrusted({
  text,
  line = false,
  component: Component = 'span',
  className,
  style,
  title,
}: {
  text: string | null | undefined;
  line?: boolean;
  component?: ElementType;
  className?: string;
  style?: CSSProperties;
  /** Shown on hover; defaults to the text itself for one-line text (so a cut value can be read). */
  title?: string;
}) {
  const value = text ?? '';
  const hover = title ?? (line && value.length > 0 ? value.slice(0, 1000) : undefined);
  return (
    <Component dir="auto" className={[line ? 'ellipsis' : 'untrusted', className].filter(Boolean).join(' ')} style={style} title={hover}>
      {line ? value.slice(0, 500) : value}
    </Component>
  );
}
