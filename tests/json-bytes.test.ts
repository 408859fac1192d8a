/**
 * parseJsonBytes must give exactly what JSON.parse gives on the decoded text: the same value
 * for valid JSON in any script, and an error wherever JSON.parse fails, over real answers
 * and over bytes damaged at random (malformed UTF-8, stray backslashes, cut anywhere).
 */
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../core/generator/index.js';
import { parseJsonBytes } from '../core/sync/json-bytes.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Outcome = { ok: true; value: unknown } | { ok: false };

function outcome(parse: () => unknown): Outcome {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    return { ok: false };
  }
}

function expectSameAsDecodedParse(bytes: Uint8Array): Outcome {
  const expected = outcome(() => JSON.parse(decoder.decode(bytes)) as unknown);
  const actual = outcome(() => parseJsonBytes(bytes));
  expect(actual, `bytes: ${Buffer.from(bytes).toString('hex').slice(0, 400)}`).toEqual(expected);
  return expected;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE_TEXT = ['José', 'Zoë Ångström', '北京市', 'Дмитрий', '😀👍🏽', 'a\\b"c', '\u2028\u2029', 'é\\', '\\é', 'ÿ\u0080\u00ff', 'plain'];

describe('parseJsonBytes', () => {
  it('reads a generated workspace page with hostile text the same as JSON.parse', () => {
    const batch = [...generateWorkspace({ seed: 5, contacts: 300, batchSize: 300, hostileShare: 0.4 })][0]!;
    const page = { changes: [...batch.contacts, ...batch.conversations, ...batch.events], has_more: false };
    const bytes = encoder.encode(JSON.stringify(page));
    expect(bytes.some((b) => b >= 0x80)).toBe(true);
    const result = expectSameAsDecodedParse(bytes);
    expect(result.ok).toBe(true);
  });

  it('keeps every kind of character, escaped or not, next to backslashes and quotes', () => {
    for (const a of SAMPLE_TEXT) {
      for (const b of SAMPLE_TEXT) {
        expect(expectSameAsDecodedParse(encoder.encode(JSON.stringify({ [a]: [a, b, `${a}${b}`] }))).ok).toBe(true);
      }
    }
  });

  it('agrees on bytes damaged at random: malformed UTF-8, stray backslashes and quotes, cuts', () => {
    const next = random(42);
    const base = encoder.encode(JSON.stringify({ names: SAMPLE_TEXT, nested: { text: SAMPLE_TEXT.join(' ') } }));
    const noise = [0x5c, 0x22, 0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff, 0xed, 0xa0, 0x41, 0x7b, 0x7d, 0x2c];
    let failures = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = Array.from(base);
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * bytes.length);
        const kind = next();
        if (kind < 0.4) bytes.splice(at, 0, noise[Math.floor(next() * noise.length)]!);
        else if (kind < 0.7) bytes[at] = noise[Math.floor(next() * noise.length)]!;
        else if (kind < 0.85) bytes.splice(at, 1);
        else bytes.length = at;
      }
      if (!expectSameAsDecodedParse(Uint8Array.from(bytes)).ok) failures++;
    }
    // Both outcomes were exercised.
    expect(failures).toBeGreaterThan(100);
    expect(failures).toBeLessThan(3000);
  });

  it('refuses an escaped non-ASCII character but accepts one after an escaped backslash', () => {
    expect(() => parseJsonBytes(encoder.encode('["\\é"]'))).toThrow(SyntaxError);
    expect(() => parseJsonBytes(encoder.encode('["\\\\\\é"]'))).toThrow(SyntaxError);
    expect(parseJsonBytes(encoder.encode('["\\\\é"]'))).toEqual(['\\é']);
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const whole = encoder.encode('xx["Zoë"]yy');
    expect(parseJsonBytes(whole.subarray(2, whole.length - 2))).toEqual(['Zoë']);
  });
});
