/**
 * The state one generator run shares between its parts: the seeded PRNG, the id maker, and
 * the profile of the contact being generated (what activity needs to know about it). One
 * instance is reused for every contact, so generating a contact allocates only its output.
 */
import type { SpecContact, SpecConversation, SpecEvent, SpecFollowUp, SpecNote } from '../spec/entities.js';
import { IdMaker } from './ids.js';
import { Rng, seedKey } from './random.js';
import { emptySlots, type Slots } from './text.js';
import { LOCALES, type ChatLanguage, type City, type Locale } from './vocab/locales.js';
import type { Company } from './vocab/workspace.js';

export type Source = NonNullable<SpecContact['source']>;

/** Contacts and everything that belongs to them (children follow their contact's order). */
export interface WorkspaceBatch {
  contacts: SpecContact[];
  conversations: SpecConversation[];
  events: SpecEvent[];
  notes: SpecNote[];
  followUps: SpecFollowUp[];
}

export interface Profile {
  index: number;
  id: string;
  locale: Locale;
  chat: ChatLanguage;
  city: City;
  source: Source;
  anonymous: boolean;
  hostile: boolean;
  /** The given name as typed (null when unknown) and the name an author line shows. */
  firstName: string | null;
  fullName: string | null;
  hasEmail: boolean;
  customer: boolean;
  company: Company | null;
  createdMs: number;
  /** Until when the person was active (conversations and visits fall before it). */
  activeUntilMs: number;
  /** The latest thing the person did, filled by the activity generators. */
  lastActivityMs: number;
}

export class GenContext {
  readonly key: number;
  readonly rng = new Rng();
  readonly ids: IdMaker;
  readonly slots: Slots = emptySlots();
  readonly profile: Profile;

  constructor(
    readonly seed: number,
    readonly nowMs: number,
    readonly hostileShare: number,
  ) {
    const locale = LOCALES[0]!;
    this.key = seedKey(seed);
    this.ids = new IdMaker(seed);
    this.profile = {
      index: 0,
      id: '',
      locale,
      chat: locale.chat,
      city: locale.cities[0]!,
      source: 'web',
      anonymous: false,
      hostile: false,
      firstName: null,
      fullName: null,
      hasEmail: false,
      customer: false,
      company: null,
      createdMs: 0,
      activeUntilMs: 0,
      lastActivityMs: 0,
    };
  }

  /** Puts the PRNG at the start of stream `stream` of contact `index`. */
  stream(index: number, stream: number): void {
    this.rng.reset(this.key, index, stream);
  }

  /** A time in [from, to] (integer milliseconds). */
  between(from: number, to: number): number {
    return to <= from ? from : from + Math.floor(this.rng.next() * (to - from));
  }
}
