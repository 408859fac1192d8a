/** Initials and a stable colour for a person, from untrusted names (HTML, emoji, RTL...). */
const COLORS = ['indigo', 'violet', 'grape', 'pink', 'red', 'orange', 'yellow', 'lime', 'green', 'teal', 'cyan', 'blue'] as const;
export type AvatarColor = (typeof COLORS)[number];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Deterministic per key (use the contact id, so a rename keeps the colour). */
export function avatarColor(key: string): AvatarColor {
  return COLORS[hash(key) % COLORS.length] ?? 'indigo';
}

const LETTER = /[\p{L}\p{N}]/u;

/** Up to two letters: the first letter or digit of the first and last words. */
export function initials(name: string | null | undefined): string {
  if (!name) return '';
  const words = name.slice(0, 200).split(/\s+/).filter((w) => LETTER.test(w));
  const first = words[0];
  if (!first) return '';
  const pick = (word: string) => Array.from(word).find((ch) => LETTER.test(ch)) ?? '';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return (pick(first) + (last ? pick(last) : '')).toLocaleUpperCase();
}
