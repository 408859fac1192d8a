/**
 * The workspace around the contacts: the agents, the shop's products and pages, tags,
 * companies, marketing campaigns, and what agents write in notes and follow-ups.
 */
import { FIXED_IDS, KIND } from '../ids.js';
import { compileAll } from '../text.js';
import type { ChatLanguage } from './locales.js';

export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

const AGENT_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Sofia Marin', 'sofia.marin'],
  ['Jonas Weber', 'jonas.weber'],
  ['Priya Natarajan', 'priya.natarajan'],
  ['Lucas Moreau', 'lucas.moreau'],
  ['Emma Clarke', 'emma.clarke'],
  ['Diego Álvarez', 'diego.alvarez'],
  ['Hana Sato', 'hana.sato'],
  ['Tomasz Nowak', 'tomasz.nowak'],
  ['Amara Okafor', 'amara.okafor'],
  ['Ben Carter', 'ben.carter'],
  ['Beatriz Lima', 'beatriz.lima'],
  ['Lea Hoffmann', 'lea.hoffmann'],
];

/** The support team of the workspace (the same for every seed). */
export const AGENTS: readonly Agent[] = AGENT_NAMES.map(([name, local], k) => ({
  id: FIXED_IDS.make(k, KIND.agent, 0, 0),
  name,
  email: `${local}@lumo-home.com`,
}));

/** Agents who answer chats in each language (indexes into AGENTS). */
export const AGENTS_BY_CHAT: Record<ChatLanguage, readonly number[]> = {
  en: [0, 2, 4, 6, 7, 8, 9],
  de: [1, 11],
  fr: [3],
  es: [5, 0],
  pt: [10],
};

export const BOT_NAME = 'Nova';

export interface Product {
  readonly name: string;
  readonly slug: string;
  readonly usd: number;
}
export const PRODUCTS: readonly Product[] = [
  ['Lumo Hub', 129],
  ['Lumo Cam 2', 179],
  ['Lumo Doorbell', 149],
  ['Lumo Smart Plug (4-pack)', 39.99],
  ['Lumo Thermostat', 219],
  ['Lumo Light Strip', 49.99],
  ['Lumo Motion Sensor', 29.99],
  ['Lumo Speaker Mini', 59],
  ['Lumo Lock Pro', 249],
  ['Lumo Air Monitor', 89],
].map(([name, usd]) => ({ name: name as string, usd: usd as number, slug: (name as string).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '') }));

export const PLANS = ['Free', 'Plus', 'Pro', 'Business'] as const;

export const SITE = 'https://www.lumo-home.com';

/** Pages of the shop: [path, title]; `{slug}` pages are generated per product. */
export const PAGES: ReadonlyArray<readonly [string, string]> = [
  ['/', 'Lumo Home – Smart home, simply'],
  ['/pricing', 'Lumo Care plans and pricing'],
  ['/products', 'All products'],
  ['/help', 'Help center'],
  ['/help/wifi-setup', 'Connect a device to wifi'],
  ['/help/returns', 'Returns and refunds'],
  ['/help/shipping', 'Shipping and delivery'],
  ['/blog/smart-home-security-tips', '7 tips for a safer smart home'],
  ['/blog/save-energy-with-a-thermostat', 'Save energy with a smart thermostat'],
  ['/stores', 'Find a store'],
  ['/account/orders', 'Your orders'],
  ['/checkout', 'Checkout'],
];

export const REFERRERS = ['https://www.google.com/', 'https://www.google.com/', 'https://www.bing.com/', 'https://www.facebook.com/', 'https://www.instagram.com/', 'https://t.co/', 'https://duckduckgo.com/', ''];
export const UTM_SOURCES = ['newsletter', 'google', 'facebook', 'instagram', 'partner', 'tiktok'];

/** Tags and the share of (named) contacts that carry each. */
export const TAGS: ReadonlyArray<readonly [string, number]> = [
  ['newsletter', 0.2],
  ['support', 0.12],
  ['trial', 0.08],
  ['churn-risk', 0.05],
  ['vip', 0.04],
  ['enterprise', 0.025],
  ['beta', 0.03],
  ['returning', 0.06],
  ['high-intent', 0.04],
  ['needs-callback', 0.02],
  ['partner', 0.008],
  ['webinar-2025', 0.015],
  ['black-friday', 0.03],
  ['referral', 0.012],
  ['wholesale', 0.004],
  ['influencer', 0.002],
  ['do-not-contact', 0.006],
  ['spanish-speaking', 0.003],
];
/** `lead` and `customer` exclude each other and are handled apart (the most common tags). */
export const LEAD_SHARE = 0.22;
export const CUSTOMER_SHARE = 0.2;

export interface Company {
  readonly name: string;
  readonly domain: string;
}
export const COMPANIES: readonly Company[] = [
  'Northwind Traders|northwindtraders.com',
  'Brightwave Logistics|brightwave-logistics.com',
  'Kessler & Söhne GmbH|kessler-soehne.de',
  'Boulangerie Martin SARL|boulangerie-martin.fr',
  'Tecnologías Andinas S.A.|tecandinas.com',
  'Maple Leaf Dental|mapleleafdental.com',
  'Hotel Aurora|hotel-aurora.it',
  'Van Dijk Installatietechniek|vandijk-installatie.nl',
  'Sakura Foods 株式会社|sakura-foods.co.jp',
  'Nordlys Design AB|nordlysdesign.se',
  'Copper Kettle Café|copperkettle.co.uk',
  'Pinecrest Property Management|pinecrestpm.com',
  'Atlas Coworking|atlascowork.io',
  'Greenfield Schools Trust|greenfield-schools.org',
  'Rota Sul Imóveis|rotasulimoveis.com.br',
  'Istanbul Tekstil A.Ş.|istanbultekstil.com.tr',
  'Mehta Electronics Pvt. Ltd.|mehta-electronics.in',
  'Kowalski i Synowie|kowalski-synowie.pl',
  'Blue Harbor Marina|blueharbormarina.com',
  'Quantum Leap Fitness|qlfitness.com',
].map((s) => {
  const [name, domain] = s.split('|') as [string, string];
  return { name, domain };
});

export const JOB_TITLES = ['Office Manager', 'Owner', 'Facilities Manager', 'IT Administrator', 'Operations Lead', 'Head of Procurement', 'CEO', 'Property Manager', 'Store Manager', 'Purchasing Assistant'];
export const INTERESTS = ['Security', 'Energy saving', 'Lighting', 'Audio', 'Climate', 'Pets', 'Home office', 'Accessibility'];

export const CAMPAIGNS: ReadonlyArray<readonly [string, string]> = [
  ['cmp_welcome', 'Welcome to Lumo Home'],
  ['cmp_bf', 'Black Friday: up to 40% off'],
  ['cmp_care', 'Get more from Lumo Care'],
  ['cmp_winter', 'Winter energy savings'],
  ['cmp_review', 'How was your order?'],
  ['cmp_newsletter', 'Lumo monthly'],
];

export const FORMS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['frm_contact', 'Contact us', ['name', 'email', 'message']],
  ['frm_quote', 'Business quote request', ['name', 'email', 'company', 'devices']],
  ['frm_newsletter', 'Newsletter signup', ['email']],
  ['frm_callback', 'Request a callback', ['name', 'phone', 'preferred_time']],
  ['frm_warranty', 'Warranty claim', ['order', 'serial_number', 'description']],
];

/** Event types the spec does not list; clients must show them generically. */
export const UNKNOWN_EVENT_TYPES = ['appointment_booked', 'coupon_redeemed', 'app_installed', 'device_registered', 'review_submitted'];
export const CUSTOM_EVENT_NAMES = ['loyalty_points_earned', 'wishlist_added', 'survey_completed', 'store_visit'];

export const NOTE_TEMPLATES = compileAll([
  'Called {first} about order {order}. **Promised a callback** on {day}.',
  '### Refund\n- Order {order}\n- Reason: arrived damaged\n- Status: prepaid label sent ✅',
  'Prefers **WhatsApp** over e-mail. Best reached in the afternoon.',
  'VIP customer, handle with care. See [order history](https://admin.lumo-home.com/customers/{ref}).',
  'Asked about the *Business* plan for {company}. Send the pricing sheet and the volume discount table.',
  '{product} replaced under warranty (RMA-{order}).',
  '> {quote}\n\nCustomer was upset about the delay; offered a 15% discount code `SORRY15`.',
  'TODO:\n- [x] Check the shipment of {order}\n- [ ] Follow up next week',
  'Spoke with {first} in the {city} store. Interested in the {product}; will decide after payday.',
  'Duplicate of another contact? Same phone number, different e-mail. **Do not merge** before checking with billing.',
  'Wants invoices addressed to {company}. VAT ID on file.',
  'Chargeback opened for order {order}. Do **not** issue a refund until finance has replied.',
]);

export const FOLLOW_UP_TEMPLATES = compileAll([
  'Call back {first} about order {order}',
  'Send Business plan pricing to {company}',
  'Check that the replacement {product} arrived',
  'Confirm the refund for order {order} went through',
  'Ask {first} for feedback on the support chat',
  'Renewal reminder: Lumo Care {plan}',
  'Book an installation appointment in {city}',
  'Reply to the warranty claim ({product})',
]);

/** What an agent calls a person without a name. */
export const NO_NAME = 'the customer';
