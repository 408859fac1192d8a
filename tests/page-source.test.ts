/**
 * Pages are asked for ahead, from the cursor read in the raw bytes of the page before; the
 * pages handed out must still be exactly the service's chain, whatever the bytes suggest.
 */
import { describe, expect, it } from 'vitest';
import { SyncHttpClient } from '../core/sync/http.js';
import { peekNextCursor, preparedPages } from '../core/sync/page-source.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('peekNextCursor', () => {
  it('reads the cursor at the end of a page that has more', () => {
    expect(peekNextCursor(encode('{"changes":[],"next_cursor":"abc_-1","has_more":true}'))).toBe('abc_-1');
    expect(peekNextCursor(encode('{"changes":[], "has_more" : true, "next_cursor" : "x"}'))).toBe('x');
  });

  it('gives nothing when the page is the last, the cursor is escaped, or the keys are not near the end', () => {
    expect(peekNextCursor(encode('{"changes":[],"next_cursor":"abc","has_more":false}'))).toBeNull();
    expect(peekNextCursor(encode('{"changes":[],"next_cursor":"a\\"b","has_more":true}'))).toBeNull();
    expect(peekNextCursor(encode(`{"next_cursor":"abc","has_more":true,"changes":["${'x'.repeat(10_000)}"]}`))).toBeNull();
  });
});

/** A service of `count` empty pages whose cursors are p1, p2…; `decoy` adds a misleading key after the real ones. */
function chainService(count: number, decoy: boolean) {
  const asked: (string | null)[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    const { cursor } = JSON.parse(String(init?.body)) as { cursor: string | null };
    asked.push(cursor);
    const n = cursor === null ? 0 : Number(cursor.slice(1));
    if (!Number.isInteger(n) || n < 0 || n >= count) {
      return new Response(JSON.stringify({ error: { code: 'bad_request', message: 'unknown cursor' } }), { status: 400 });
    }
    const body = `{"changes":[{"seq":${n + 1},"entity":"event","op":"delete","id":"e${n}","version":1,"reason":"deleted"}],"next_cursor":"p${n + 1}","has_more":${n + 1 < count}${decoy ? ',"extra":{"next_cursor":"bogus","has_more":true}' : ''}}`;
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { asked, http: new SyncHttpClient({ baseUrl: 'http://service.test', token: 't', fetchImpl, retries: 0 }) };
}

async function collect(http: SyncHttpClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of preparedPages(http, null, 10)) {
    for (const change of page.valid) if (change.op === 'delete') ids.push(change.id);
  }
  return ids;
}

describe('preparedPages', () => {
  it('asks for the next page from the bytes of this one, each page once', async () => {
    const { asked, http } = chainService(6, false);
    expect(await collect(http)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(asked).toEqual([null, 'p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('follows the parsed cursor when the bytes suggested another one', async () => {
    const { asked, http } = chainService(4, true);
    expect(await collect(http)).toEqual(['e0', 'e1', 'e2', 'e3']);
    // Every guess was wrong (and refused by the service); every real page was still asked for in order.
    expect(asked.filter((c) => c !== 'bogus')).toEqual([null, 'p1', 'p2', 'p3']);
    expect(asked).toContain('bogus');
  });
});
