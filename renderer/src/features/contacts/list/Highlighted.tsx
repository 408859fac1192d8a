import { createContext, useContext, useMemo } from 'react';
import classes from './cells.module.css';

/** The words of the current search, for the cells to mark where they matched (null: no search). */
export const SearchTermsContext = createContext<RegExp | null>(null);

const MAX_TERMS = 8;

/**
 * The search as the list's FTS reads it: each word matches the start of a word in the text
 * (case-insensitive). Returns null when there is nothing to mark.
 */
export function searchPattern(search: string): RegExp | null {
  const words = search.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  const escaped = [...new Set(words.slice(0, MAX_TERMS))].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'giu');
}

/** Splits text into the parts that matched the search and the rest. */
export function splitMatches(text: string, pattern: RegExp): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (match[0].length === 0) continue;
    if (at > last) parts.push({ text: text.slice(last, at), hit: false });
    parts.push({ text: match[0], hit: true });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}

/** Text with the search's matches marked; plain text (never markup) either way. */
export function Highlighted({ text }: { text: string }) {
  const pattern = useContext(SearchTermsContext);
  const parts = useMemo(() => (pattern ? splitMatches(text, pattern) : null), [pattern, text]);
  if (!parts || !parts.some((p) => p.hit)) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        part.hit ? (
          <mark key={i} className={classes.hit}>
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
