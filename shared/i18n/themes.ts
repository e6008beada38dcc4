import type { Locale } from './locales.ts';

/**
 * The themes closeloop tags comments with when the configuration names none (`themes`), and their phrases per
 * language. A phrase matches as a whole word (or words), ignoring case and accents; a trailing `*` matches any
 * ending (`deliver*`: delivery, delivered). Japanese phrases match anywhere in the text.
 */
export const DEFAULT_THEMES: Record<string, Partial<Record<Locale, readonly string[]>>> = {
  delivery: {
    en: ['deliver*', 'shipping', 'shipped', 'parcel*', 'package*', 'courier', 'arrived', 'late', 'delay*'],
    es: ['entrega*', 'envio*', 'paquete*', 'llego*', 'tarde', 'retraso*'],
    fr: ['livr*', 'colis', 'expedition*', 'retard*', 'arrive*'],
    de: ['liefer*', 'versand*', 'paket*', 'zustell*', 'verspat*', 'zu spat'],
    pt: ['entrega*', 'envio*', 'encomenda*', 'pacote*', 'atras*', 'chegou'],
    it: ['consegn*', 'spedizion*', 'pacco', 'corriere', 'ritard*'],
    nl: ['lever*', 'verzend*', 'pakket*', 'bezorg*', 'vertraag*', 'te laat'],
    sv: ['leverans*', 'frakt*', 'paket*', 'forsen*', 'sen', 'sent'],
    pl: ['dostaw*', 'przesyl*', 'paczk*', 'kurier*', 'opozni*'],
    ja: ['配送', '配達', '発送', '届', '遅れ', '梱包', '宅配'],
    ar: ['توصيل', 'التوصيل', 'شحن', 'الشحن', 'طلب', 'الطلب', 'تأخر', 'متأخر*', 'الطرد'],
  },
  product: {
    en: ['quality', 'product*', 'broke*', 'broken', 'damaged', 'taste*', 'fresh', 'beans', 'coffee', 'grinder'],
    es: ['calidad', 'producto*', 'roto', 'sabor', 'fresco', 'cafe'],
    fr: ['qualite', 'produit*', 'casse*', 'abime*', 'gout', 'frais', 'cafe'],
    de: ['qualitat', 'produkt*', 'kaputt', 'beschadigt', 'geschmack', 'frisch', 'kaffee', 'mühle', 'muhle'],
    pt: ['qualidade', 'produto*', 'partido', 'estragado', 'sabor', 'fresco', 'cafe', 'moedor'],
    it: ['qualita', 'prodott*', 'rotto', 'danneggiat*', 'sapore', 'fresco', 'caffe'],
    nl: ['kwaliteit', 'product*', 'kapot', 'beschadigd', 'smaak', 'vers', 'koffie'],
    sv: ['kvalitet*', 'produkt*', 'trasig', 'skadad', 'smak', 'farsk', 'kaffe'],
    pl: ['jakosc*', 'produkt*', 'zepsut*', 'uszkodz*', 'smak', 'swiez*', 'kaw*'],
    ja: ['品質', '商品', '壊れ', '破損', '味', '新鮮', 'コーヒー', '美味'],
    ar: ['جودة', 'الجودة', 'منتج', 'المنتج', 'مكسور', 'تالف*', 'طعم', 'قهوة', 'القهوة'],
  },
  price: {
    en: ['price*', 'expensive', 'cheap*', 'cost*', 'value for money', 'overpriced'],
    es: ['precio*', 'caro', 'barato', 'costoso'],
    fr: ['prix', 'cher', 'couteux', 'tarif*'],
    de: ['preis*', 'teuer', 'gunstig', 'billig', 'kosten'],
    pt: ['preco*', 'caro', 'barato'],
    it: ['prezz*', 'caro', 'costoso', 'economico'],
    nl: ['prijs*', 'duur', 'goedkoop'],
    sv: ['pris*', 'dyr*', 'billig*'],
    pl: ['cen*', 'drog*', 'tani*'],
    ja: ['価格', '値段', '高い', '安い', '料金'],
    ar: ['سعر', 'السعر', 'الأسعار', 'غالي', 'مرتفع', 'رخيص'],
  },
  staff: {
    en: ['staff', 'service', 'support', 'helpful', 'friendly', 'rude', 'team', 'nobody answered', 'no reply'],
    es: ['personal', 'atencion', 'servicio', 'amable*', 'nadie respondio'],
    fr: ['personnel', 'equipe', 'service client', 'aimable', 'adorable'],
    de: ['personal', 'mitarbeiter*', 'kundenservice', 'service', 'freundlich*', 'unfreundlich'],
    pt: ['atendimento', 'equipe', 'equipa', 'simpatic*', 'funcionari*'],
    it: ['personale', 'assistenza', 'servizio', 'gentil*', 'scortes*'],
    nl: ['personeel', 'klantenservice', 'service', 'vriendelijk*', 'onbeleefd'],
    sv: ['personal*', 'kundtjanst', 'service', 'trevlig*', 'otrevlig*'],
    pl: ['obslug*', 'personel', 'mil*', 'niegrzeczn*'],
    ja: ['スタッフ', '対応', '店員', '問い合わせ', '返事', 'サービス'],
    ar: ['موظف*', 'خدمة', 'الخدمة', 'فريق', 'لطيف*', 'رسالتي', 'الرد'],
  },
  website: {
    en: ['website', 'site', 'app', 'checkout', 'login', 'online shop'],
    es: ['web', 'pagina', 'aplicacion', 'app'],
    fr: ['site', 'application', 'appli', 'paiement en ligne'],
    de: ['webseite', 'website', 'app', 'online-shop', 'onlineshop', 'bestellvorgang'],
    pt: ['site', 'aplicacao', 'app', 'loja online'],
    it: ['sito', 'app', 'applicazione'],
    nl: ['website', 'webshop', 'app'],
    sv: ['webbplats*', 'hemsida*', 'app*'],
    pl: ['stron*', 'aplikacj*', 'sklep internetowy'],
    ja: ['ウェブ', 'サイト', 'アプリ', 'ホームページ'],
    ar: ['موقع', 'الموقع', 'تطبيق', 'التطبيق'],
  },
  billing: {
    en: ['bill*', 'invoice*', 'refund*', 'charged', 'payment*', 'receipt'],
    es: ['factura*', 'reembolso*', 'cobro*', 'pago*'],
    fr: ['factur*', 'rembours*', 'paiement*', 'debit*'],
    de: ['rechnung*', 'erstatt*', 'zahlung*', 'abbuchung*', 'ruckerstattung'],
    pt: ['fatura*', 'reembolso*', 'cobranca*', 'pagamento*'],
    it: ['fattur*', 'rimbors*', 'pagament*', 'addebit*'],
    nl: ['factuur*', 'terugbetal*', 'betaling*'],
    sv: ['faktur*', 'aterbetal*', 'betalning*'],
    pl: ['faktur*', 'zwrot*', 'platnos*'],
    ja: ['請求', '返金', '支払', '領収'],
    ar: ['فاتورة', 'الفاتورة', 'استرداد', 'الدفع', 'دفع'],
  },
};

/**
 * Words that deny what follows them within two words ("not late", "nicht kaputt", "pas cher"): a phrase they deny
 * is not a mention. Japanese denies after the word (遅れなかった): see `NEGATIONS_AFTER`.
 */
export const NEGATIONS: Partial<Record<Locale, readonly string[]>> = {
  en: ['not', 'no', 'never', "n't", 'without', 'nothing'],
  es: ['no', 'nunca', 'sin'],
  fr: ['pas', 'ne', 'jamais', 'sans', 'aucun'],
  de: ['nicht', 'kein', 'keine', 'keinen', 'nie', 'ohne'],
  pt: ['nao', 'nunca', 'sem'],
  it: ['non', 'mai', 'senza'],
  nl: ['niet', 'geen', 'nooit', 'zonder'],
  sv: ['inte', 'ej', 'aldrig', 'utan', 'ingen'],
  pl: ['nie', 'bez', 'nigdy'],
  ar: ['لا', 'لم', 'ليس', 'غير', 'بدون'],
};
/** What denies a phrase when it follows it, per language. */
export const NEGATIONS_AFTER: Partial<Record<Locale, RegExp>> = { ja: /^.?(ない|なかった|ません|ず)/u };
