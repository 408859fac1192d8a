/** What agents write about a contact: Markdown notes (some pinned) and follow-ups (some done, some overdue). */
import type { SpecFollowUp, SpecNote } from '../spec/entities.js';
import type { GenContext } from './context.js';
import { KIND } from './ids.js';
import { Weighted } from './random.js';
import { DAY, HOUR, iso } from './time.js';
import { render } from './text.js';
import { HOSTILE_MESSAGES } from './vocab/hostile.js';
import { AGENTS, FOLLOW_UP_TEMPLATES, NOTE_TEMPLATES } from './vocab/workspace.js';

const NOTES = new Weighted([[0, 885], [1, 80], [2, 25], [3, 10]] as const);
const FOLLOW_UPS = new Weighted([[0, 955], [1, 40], [2, 5]] as const);
const QUOTES = ['I have been waiting for two weeks!', 'This is the third time I am writing to you.', 'The app says the device is offline again.', 'Can someone please just call me?'];
const TITLE_MAX = 500;

export function makeNotes(ctx: GenContext, out: SpecNote[]): void {
  const rng = ctx.rng;
  const p = ctx.profile;
  const count = NOTES.pick(rng);
  for (let k = 0; k < count; k++) {
    const author = rng.pick(AGENTS);
    ctx.slots.quote = p.hostile ? rng.pick(HOSTILE_MESSAGES) : rng.pick(QUOTES);
    const created = ctx.between(p.createdMs, ctx.nowMs);
    const updated = rng.chance(0.7) ? created : ctx.between(created, Math.min(ctx.nowMs, created + 10 * DAY));
    out.push({
      id: ctx.ids.make(p.index, KIND.note, k, 0),
      version: 1,
      contact_id: p.id,
      author: { id: author.id, name: author.name },
      body: render(rng.pick(NOTE_TEMPLATES), ctx.slots),
      pinned: rng.chance(0.15),
      created_at: iso(created),
      updated_at: iso(updated),
    });
  }
}

export function makeFollowUps(ctx: GenContext, out: SpecFollowUp[]): void {
  const rng = ctx.rng;
  const p = ctx.profile;
  const now = ctx.nowMs;
  const count = FOLLOW_UPS.pick(rng);
  for (let k = 0; k < count; k++) {
    const created = ctx.between(p.createdMs, now);
    const due = Math.ceil((created + rng.int(2 * HOUR, 14 * DAY)) / HOUR) * HOUR;
    let done: number | null = null;
    if (due < now ? rng.chance(0.6) : rng.chance(0.1)) done = ctx.between(created, Math.min(now, due + 2 * DAY));
    const updated = done ?? (rng.chance(0.3) ? ctx.between(created, now) : created);
    const assignee = rng.chance(0.9) ? rng.pick(AGENTS) : null;
    out.push({
      id: ctx.ids.make(p.index, KIND.followUp, k, 0),
      version: 1,
      contact_id: p.id,
      title: clip(render(rng.pick(FOLLOW_UP_TEMPLATES), ctx.slots), TITLE_MAX),
      due_at: iso(due),
      assignee: assignee && { id: assignee.id, name: assignee.name },
      done_at: done === null ? null : iso(done),
      created_at: iso(created),
      updated_at: iso(updated),
    });
  }
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in two. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return s.slice(0, end) + '…';
}
