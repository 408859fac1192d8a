/**
 * Message templates: `"Where is my order {order}?"` is split once, at load, into literal
 * parts and slot names; rendering is a few string concatenations.
 */

/** The values a template may use. One object is reused and refilled per conversation. */
export interface Slots {
  first: string;
  agent: string;
  bot: string;
  order: string;
  product: string;
  amount: string;
  city: string;
  day: string;
  plan: string;
  company: string;
  quote: string;
  ref: string;
}

export function emptySlots(): Slots {
  return { first: '', agent: '', bot: '', order: '', product: '', amount: '', city: '', day: '', plan: '', company: '', quote: '', ref: '' };
}

/** Literal parts at even positions, slot names at odd positions. */
export type Template = readonly string[];

const SLOT_NAMES = new Set(Object.keys(emptySlots()));

export function compile(source: string): Template {
  const parts = source.split(/\{(\w+)\}/);
  for (let k = 1; k < parts.length; k += 2) {
    if (!SLOT_NAMES.has(parts[k]!)) throw new Error(`unknown slot {${parts[k]}} in template ${JSON.stringify(source)}`);
  }
  return parts;
}

export function compileAll(sources: readonly string[]): Template[] {
  return sources.map(compile);
}

export function render(template: Template, slots: Slots): string {
  let out = template[0]!;
  for (let k = 1; k < template.length; k += 2) out += slots[template[k] as keyof Slots] + template[k + 1]!;
  return out;
}

/** Whether a template uses a slot (to choose between named and anonymous variants). */
export function uses(template: Template, slot: keyof Slots): boolean {
  for (let k = 1; k < template.length; k += 2) if (template[k] === slot) return true;
  return false;
}

/**
 * Lower-case ASCII for e-mail addresses: "Łukasz" → "lukasz", "O'Connor" → "oconnor",
 * "Müller" → "mueller" with German umlaut spelling, else "muller". Used at load time only.
 */
export function asciiFold(s: string, germanUmlauts = false): string {
  let out = '';
  for (const ch of s.toLowerCase()) {
    const mapped = (germanUmlauts ? UMLAUT[ch] : undefined) ?? FOLD[ch];
    out += mapped ?? ch.normalize('NFD').replace(/[^a-z]/g, '');
  }
  return out;
}
const UMLAUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue' };
const FOLD: Record<string, string> = { ß: 'ss', ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ı: 'i' };
