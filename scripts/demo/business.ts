/**
 * The business the demo plays: a coffee roaster with shops in five cities, their support agents and staff, a pool
 * of customers in several languages, and how each shop's customers tend to score. Everything is drawn from a seeded
 * generator, so the same seed replays the same month.
 */

/** A small, seeded generator (mulberry32): the same seed gives the same business. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** True with probability `p`. */
    chance: (p: number) => next() < p,
    /** An integer in [min, max]. */
    between: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
export type Random = ReturnType<typeof seeded>;

type Language = 'en' | 'de' | 'fr' | 'ja' | 'ar' | 'es' | 'pt';

export interface Store {
  id: string;
  city: string;
  currency: string;
  languages: readonly Language[];
  agents: readonly { id: string; name: string }[];
  /** Who on the staff takes this shop's detractor cases. */
  staff: string;
  /** The share of promoters and of detractors at the start of the period, and how each moves by its end. */
  nps: { promoters: number; detractors: number; drift: number };
}

export const STORES: readonly Store[] = [
  {
    id: 'store-berlin',
    city: 'Berlin',
    currency: 'EUR',
    languages: ['de', 'de', 'en'],
    agents: [
      { id: 'agent-jonas', name: 'Jonas' },
      { id: 'agent-mia', name: 'Mia' },
    ],
    staff: 'lena',
    nps: { promoters: 0.55, detractors: 0.12, drift: 0.05 },
  },
  {
    id: 'store-paris',
    city: 'Paris',
    currency: 'EUR',
    languages: ['fr', 'fr', 'en'],
    agents: [{ id: 'agent-camille', name: 'Camille' }],
    staff: 'marc',
    nps: { promoters: 0.45, detractors: 0.2, drift: -0.08 },
  },
  {
    id: 'store-tokyo',
    city: 'Tokyo',
    currency: 'JPY',
    languages: ['ja', 'ja', 'en'],
    agents: [{ id: 'agent-haruto', name: 'Haruto' }],
    staff: 'yuki',
    nps: { promoters: 0.62, detractors: 0.08, drift: 0 },
  },
  {
    id: 'store-dubai',
    city: 'Dubai',
    currency: 'AED',
    languages: ['ar', 'en'],
    agents: [{ id: 'agent-omar', name: 'Omar' }],
    staff: 'omar',
    nps: { promoters: 0.3, detractors: 0.32, drift: 0.2 },
  },
  {
    id: 'store-online',
    city: 'Online',
    currency: 'EUR',
    languages: ['en', 'es', 'pt', 'de'],
    agents: [
      { id: 'agent-sofia', name: 'Sofia' },
      { id: 'agent-lucas', name: 'Lucas' },
    ],
    staff: 'lena',
    nps: { promoters: 0.5, detractors: 0.15, drift: 0.03 },
  },
];

/** First and family names by language; a customer's name is one of each (family name first in Japanese). */
const NAMES: Record<Language, { first: readonly string[]; family: readonly string[] }> = {
  en: {
    first: ['Olivia', 'James', 'Amelia', 'Noah', 'Grace', 'Liam', 'Emily', 'Oscar'],
    family: ['Brown', 'Carter', 'Hughes', 'Wright', 'Bennett', 'Foster', 'Reed', 'Price'],
  },
  de: {
    first: ['Anna', 'Lukas', 'Marie', 'Felix', 'Sophie', 'Jonas', 'Lea', 'Paul'],
    family: ['Schmidt', 'Weber', 'Fischer', 'Wagner', 'Becker', 'Hoffmann', 'Krüger', 'Wolf'],
  },
  fr: {
    first: ['Chloé', 'Louis', 'Léa', 'Hugo', 'Manon', 'Jules', 'Inès', 'Théo'],
    family: ['Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent', 'Petit', 'Girard', 'Roux'],
  },
  ja: {
    first: ['花子', '一郎', '美咲', '健太', 'さくら', '翔', '陽菜', '蓮'],
    family: ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村'],
  },
  ar: {
    first: ['فاطمة', 'أحمد', 'مريم', 'خالد', 'نور', 'يوسف', 'ليلى', 'عمر'],
    family: ['المنصوري', 'الحمادي', 'الشامسي', 'الهاشمي', 'العلي', 'الكعبي'],
  },
  es: { first: ['Lucía', 'Mateo', 'Sofía', 'Pablo', 'Elena'], family: ['García', 'López', 'Martínez', 'Sánchez'] },
  pt: { first: ['Ana', 'João', 'Beatriz', 'Pedro', 'Inês'], family: ['Silva', 'Santos', 'Costa', 'Oliveira'] },
};

function nameIn(random: Random, locale: Language): string {
  const first = random.pick(NAMES[locale].first);
  const family = random.pick(NAMES[locale].family);
  return locale === 'ja' ? `${family} ${first}` : `${first} ${family}`;
}

export interface Customer {
  id: string;
  email: string;
  name: string;
  locale: Language;
  store: Store;
}

/** `perStore` customers per shop, in the shop's languages, with addresses that say which demo they belong to. */
export function customers(random: Random, perStore: number): Customer[] {
  return STORES.flatMap((store) =>
    Array.from({ length: perStore }, (_, i) => {
      const locale = random.pick(store.languages);
      const slug = `${store.city.toLowerCase()}-${String(i + 1).padStart(3, '0')}`;
      return {
        id: `demo-${slug}`,
        email: `${slug}@customers.example`,
        name: nameIn(random, locale),
        locale,
        store,
      };
    }),
  );
}

const PRODUCTS = [
  { sku: 'beans-ethiopia-250', name: 'Ethiopia Guji, 250 g', price: 12.5 },
  { sku: 'beans-colombia-1kg', name: 'Colombia Huila, 1 kg', price: 38 },
  { sku: 'grinder-hand', name: 'Hand grinder', price: 89 },
  { sku: 'kettle-gooseneck', name: 'Gooseneck kettle', price: 64 },
  { sku: 'subscription-month', name: 'Monthly subscription', price: 24 },
];
/** Prices in yen and dirhams, so that the loyalty figures never mix currencies. */
const RATE: Record<string, number> = { EUR: 1, JPY: 160, AED: 4 };

export function order(random: Random, store: Store) {
  const items = Array.from({ length: random.between(1, 3) }, () => {
    const product = random.pick(PRODUCTS);
    const unitPrice = Math.round(product.price * (RATE[store.currency] ?? 1) * 100) / 100;
    return { sku: product.sku, name: product.name, quantity: random.between(1, 2), unitPrice };
  });
  const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
  return { items, total, currency: store.currency };
}

export const TICKET_SUBJECTS = [
  'Grinder arrived broken',
  'Where is my order?',
  'Change my subscription',
  'Refund for a damaged bag',
  'Wrong beans delivered',
  'Question about brewing',
];

/**
 * A score for a survey of `kind` at `store`, `progress` (0 at the start of the period, 1 at its end) into the
 * period: each shop has its own spread, and moves (Dubai gets better, Paris worse).
 */
export function score(random: Random, store: Store, kind: 'nps' | 'csat', progress: number): number {
  const promoters = Math.min(0.9, Math.max(0.05, store.nps.promoters + store.nps.drift * progress));
  const detractors = Math.min(0.6, Math.max(0.03, store.nps.detractors - store.nps.drift * progress * 0.7));
  const draw = random.next();
  if (kind === 'nps') {
    if (draw < detractors) return random.pick([0, 1, 2, 3, 4, 5, 5, 6, 6, 6]);
    if (draw < 1 - promoters) return random.pick([7, 8, 8]);
    return random.pick([9, 9, 10, 10, 10]);
  }
  if (draw < detractors) return random.pick([1, 2, 2]);
  if (draw < 1 - promoters) return 3;
  return random.pick([4, 5, 5]);
}

type Mood = 'low' | 'middle' | 'high';

/** What customers write, by mood and language; some of it with markup, which closeloop must show as text. */
const COMMENTS: Record<Language, Record<Mood, readonly string[]>> = {
  en: {
    low: [
      'The parcel arrived two days late and the bag was torn.',
      'Nobody answered my email for a week.',
      'The grinder broke after one use. <b>Really disappointed</b>.',
      'Too expensive for what you get.',
    ],
    middle: ['Good coffee, but shipping is slow.', 'Fine, nothing special.', 'The website checkout was confusing.'],
    high: [
      'Best beans I have had in years!',
      'Fast delivery and lovely packaging.',
      'Jonas was super helpful <3 thank you!',
      'Great service, I recommend you to all my friends.',
    ],
  },
  de: {
    low: [
      'Die Lieferung kam zu spät und die Packung war beschädigt.',
      'Leider war der Kaffee nicht frisch.',
      'Der Kundenservice hat nicht geantwortet. <script>alert("hi")</script>',
    ],
    middle: ['Guter Kaffee, aber der Versand dauert.', 'Alles okay, aber etwas teuer.'],
    high: ['Sehr freundliches Personal und toller Kaffee!', 'Schnelle Lieferung, gerne wieder.', 'Einfach super.'],
  },
  fr: {
    low: ['Livraison en retard et colis abîmé.', 'Le service client ne répond pas.', 'Trop cher pour la qualité.'],
    middle: ['Bon café, mais la livraison est lente.', 'Correct, sans plus.'],
    high: ['Excellent café, équipe adorable !', 'Livraison rapide, merci beaucoup.', 'Parfait, comme toujours.'],
  },
  ja: {
    low: ['配送が遅れて、袋が破れていました。', '問い合わせへの返事がありませんでした。'],
    middle: ['コーヒーは美味しいですが、配送が遅いです。', '普通でした。'],
    high: ['とても美味しいコーヒーでした！', 'スタッフの対応が丁寧で素晴らしい。', '梱包がきれいで、また買います。'],
  },
  ar: {
    low: ['وصل الطلب متأخراً والعبوة تالفة.', 'لم يرد أحد على رسالتي.', 'السعر مرتفع جداً.'],
    middle: ['القهوة جيدة لكن التوصيل بطيء.', 'لا بأس.'],
    high: ['قهوة ممتازة وخدمة رائعة!', 'توصيل سريع، شكراً لكم.'],
  },
  es: {
    low: ['El pedido llegó tarde y roto.', 'Nadie respondió a mi correo.'],
    middle: ['Buen café, pero el envío es lento.'],
    high: ['¡Café buenísimo y envío rápido!', 'Muy amables, gracias.'],
  },
  pt: {
    low: ['A encomenda chegou atrasada.', 'O moedor veio partido.'],
    middle: ['Bom café, mas a entrega demora.'],
    high: ['Café excelente, recomendo!', 'Entrega rápida e atendimento simpático.'],
  },
};

/** A comment for a score on a scale up to `max`, or none (most customers write nothing). */
export function comment(random: Random, locale: Language, value: number, max: number): string | undefined {
  const share = value / max;
  const mood: Mood = share <= 0.6 ? 'low' : share < 0.85 ? 'middle' : 'high';
  if (!random.chance(mood === 'low' ? 0.8 : 0.45)) return undefined;
  return random.pick(COMMENTS[locale][mood]);
}

/** How a shop's staff close a case, in their words. */
export const RESOLUTIONS = [
  'Called the customer, apologised and sent a replacement.',
  'Refunded the shipping; the courier issue is reported.',
  'Explained the delay; a voucher for the next order.',
  'Replaced the grinder under warranty.',
  'Customer happy after a call; no further action.',
];
