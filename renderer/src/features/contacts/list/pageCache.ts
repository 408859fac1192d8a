/**
 * The contact list's rows, fetched in pages of PAGE_SIZE as the list scrolls and kept per page.
 * A page right after a loaded one continues with its keyset cursor (cheap for the core); a
 * page far from anything loaded (a scrollbar drag) is fetched by offset. Pages far from the
 * visible range are dropped so a long session over a million rows keeps little memory.
 * One cache serves one query (sort + filter); a new query makes a new cache.
 */
import type { ContactFilter, ContactRow, Sort } from '../../../../../preload/contract';

export const PAGE_SIZE = 100;
const MAX_PAGES = 40;
const MAX_IN_FLIGHT = 4;

export interface ContactQuery {
  sort: Sort;
  filter: ContactFilter;
}

export type ListPage = (query: ContactQuery, at: { cursor?: string; offset?: number }, limit: number) => Promise<{ rows: ContactRow[]; nextCursor: string | null }>;

interface Page {
  rows: ContactRow[];
  nextCursor: string | null;
  stale: boolean;
}

export class PageCache {
  private readonly pages = new Map<number, Page>();
  private readonly inFlight = new Set<number>();
  private wanted: { first: number; last: number } = { first: 0, last: 0 };
  private disposed = false;
  /** Set when a page came back short: the list really ends at this row count. */
  endsAt: number | null = null;
  error: Error | null = null;

  constructor(
    readonly query: ContactQuery,
    private readonly listPage: ListPage,
    private readonly onChange: () => void,
  ) {}

  row(index: number): ContactRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  }

  /** The position of a loaded row with this id, or -1. */
  indexOf(id: string): number {
    for (const [page, { rows }] of this.pages) {
      const at = rows.findIndex((row) => row.id === id);
      if (at >= 0) return page * PAGE_SIZE + at;
    }
    return -1;
  }

  /** Makes sure the pages covering rows first..last are loaded or loading. */
  ensure(first: number, last: number): void {
    if (this.disposed) return;
    const firstPage = Math.floor(Math.max(0, first) / PAGE_SIZE);
    const lastPage = Math.floor(Math.max(0, last) / PAGE_SIZE);
    this.wanted = { first: firstPage, last: lastPage };
    // The pages nearest the middle of the view first.
    const middle = (firstPage + lastPage) / 2;
    const needed: number[] = [];
    for (let page = firstPage; page <= lastPage; page++) {
      if (this.endsAt !== null && page * PAGE_SIZE >= this.endsAt) break;
      const cached = this.pages.get(page);
      if ((!cached || cached.stale) && !this.inFlight.has(page)) needed.push(page);
    }
    needed.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
    for (const page of needed) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      void this.fetch(page);
    }
  }

  /** Marks pages stale (all, or those holding these ids); visible ones load again. */
  invalidate(ids: string[] | null): void {
    let touched = false;
    for (const page of this.pages.values()) {
      if (ids === null || page.rows.some((row) => ids.includes(row.id))) {
        page.stale = true;
        touched = true;
      }
    }
    if (ids === null) this.endsAt = null;
    if (touched) this.ensure(this.wanted.first * PAGE_SIZE, this.wanted.last * PAGE_SIZE + PAGE_SIZE - 1);
  }

  retry(): void {
    this.error = null;
    this.ensure(this.wanted.first * PAGE_SIZE, this.wanted.last * PAGE_SIZE + PAGE_SIZE - 1);
  }

  isLoading(): boolean {
    return this.inFlight.size > 0;
  }

  /** (Re)attaches the cache to its list; React may detach and attach a component twice. */
  activate(): void {
    this.disposed = false;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async fetch(page: number): Promise<void> {
    this.inFlight.add(page);
    const previous = page > 0 ? this.pages.get(page - 1) : undefined;
    const at = page === 0 ? {} : previous && !previous.stale && previous.nextCursor ? { cursor: previous.nextCursor } : { offset: page * PAGE_SIZE };
    let ok = false;
    try {
      const result = await this.listPage(this.query, at, PAGE_SIZE);
      if (this.disposed) return;
      this.pages.set(page, { rows: result.rows, nextCursor: result.nextCursor, stale: false });
      this.error = null;
      if (result.rows.length < PAGE_SIZE && result.nextCursor === null) this.endsAt = page * PAGE_SIZE + result.rows.length;
      else if (this.endsAt !== null && this.endsAt <= page * PAGE_SIZE + result.rows.length) this.endsAt = null;
      this.evict();
      ok = true;
    } catch (error) {
      if (this.disposed) return;
      this.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      this.inFlight.delete(page);
    }
    if (this.disposed) return;
    this.onChange();
    // Pages that were wanted while the in-flight slots were full (not after a failure: the
    // next scroll or the Retry button asks again, so a dead host is not hammered).
    if (ok) this.ensure(this.wanted.first * PAGE_SIZE, this.wanted.last * PAGE_SIZE + PAGE_SIZE - 1);
  }

  private evict(): void {
    if (this.pages.size <= MAX_PAGES) return;
    const middle = (this.wanted.first + this.wanted.last) / 2;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const page of byDistance.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(page);
  }
}
