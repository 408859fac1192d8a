import { Anchor } from '@mantine/core';
import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';
import classes from './SafeMarkdown.module.css';

/** Only these leave the app when clicked (in the system browser); anything else is plain text. */
const SAFE_LINK = /^(https?:|mailto:)/i;

const COMPONENTS: Components = {
  a: ({ href, children }) =>
    href && SAFE_LINK.test(href) ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" size="sm">
        {children}
      </Anchor>
    ) : (
      <span>{children}</span>
    ),
  // Never loaded: its description stands in for it.
  img: ({ alt }) => <span className={classes.image}>{alt ? `[image: ${alt}]` : '[image]'}</span>,
};

/**
 * Markdown written by people (notes) as React elements: raw HTML is dropped, not rendered;
 * images are shown as their text (a remote image would be a request nobody asked for);
 * links open outside the app and only for http(s) and mail.
 */
export function SafeMarkdown({ text }: { text: string }) {
  return (
    <div className={classes.markdown} dir="auto">
      <Markdown skipHtml urlTransform={(url) => (SAFE_LINK.test(url) ? defaultUrlTransform(url) : '')} components={COMPONENTS}>
        {text}
      </Markdown>
    </div>
  );
}
