import { describe, expect, it } from 'vitest';
import { tagThemes } from '#shared/domain/themes.ts';
import { DEFAULT_THEMES, NEGATIONS, NEGATIONS_AFTER } from '#shared/i18n/themes.ts';

const negations = { before: NEGATIONS, after: NEGATIONS_AFTER };
const tag = (comment: string, language: string) => tagThemes(comment, language, DEFAULT_THEMES, negations);

describe('themes of a comment, by phrases', () => {
  it.each([
    ['The parcel arrived two days late and the bag was torn.', 'en', ['delivery']],
    ['Too EXPENSIVE for what you get', 'en', ['price']],
    ['The grinder broke after one use; support never called back.', 'en', ['product', 'staff']],
    ['Delivery was not late at all, lovely!', 'en', ['delivery']],
    ['It was not late.', 'en', []],
    ["The price wasn't expensive, the website was slow", 'en', ['price', 'website']],
    ["It wasn't expensive", 'en', []],
    ['Die Lieferung kam zu spät und die Packung war beschädigt.', 'de', ['delivery', 'product']],
    ['Die Qualitat ist super, nicht teuer.', 'de', ['product']],
    ['Sehr freundliches Personal', 'de', ['staff']],
    ['配送が遅れて、袋が破れていました。', 'ja', ['delivery']],
    ['配送は遅れなかったが、値段が高い', 'ja', ['delivery', 'price']],
    ['遅れなかった', 'ja', []],
    ['وصل الطلب متأخراً والعبوة تالفة.', 'ar', ['delivery', 'product']],
    ['السعر مرتفع جداً.', 'ar', ['price']],
    ['والتوصيل لم يكن متأخرا', 'ar', ['delivery']],
    ['Livraison en retard et colis abîmé.', 'fr', ['delivery', 'product']],
    ['Great coffee, thanks', 'fr', ['product']],
    ['', 'en', []],
  ])('%s (%s) → %j', (comment, language, themes) => {
    expect(tag(comment, language)).toEqual(themes);
  });

  it('matches whole words, and a trailing * any ending', () => {
    expect(tag('We were charged twice', 'en')).toEqual(['billing']);
    expect(tag('A discharged battery', 'en')).toEqual([]);
    expect(tag('Delivered on time', 'en')).toEqual(['delivery']);
  });
});
