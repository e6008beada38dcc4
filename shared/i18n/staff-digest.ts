import type { Locale } from './locales.ts';

/** The words of the weekly digest and the score-drop alert, for staff, in every language closeloop speaks. */
export interface DigestWords {
  /** `{brand}`, `{week}`. */
  subject: string;
  heading: string;
  /** `{brand}`, `{metric}`, `{points}`. */
  dropSubject: string;
  /** `{metric}`, `{from}`, `{to}`, `{recent}`, `{responses}`, `{baseline}`, `{baselineResponses}`. */
  dropBody: string;
  change: string;
  responses: string;
  responseRate: string;
  noAnswers: string;
  topThemes: string;
  topReasons: string;
  openCases: string;
  overdue: string;
  respondBy: string;
  loop: string;
  /** `{share}`, `{cases}`. */
  inTime: string;
  resolved: string;
  dashboard: string;
}

export const DIGEST_WORDS: Record<Locale, DigestWords> = {
  en: {
    subject: '{brand}: your week {week}',
    heading: 'Week {week} at {brand}',
    dropSubject: '{brand}: {metric} fell {points} points',
    dropBody:
      '{metric} of the last 7 days ({from} – {to}): {recent} from {responses} answers, against {baseline} in the 28 days before ({baselineResponses} answers).',
    change: 'Change against the 4 weeks before',
    responses: 'Responses',
    responseRate: 'Response rate',
    noAnswers: 'No answers this week.',
    topThemes: 'Top themes',
    topReasons: 'Top reasons',
    openCases: 'Open cases',
    overdue: 'overdue',
    respondBy: 'respond by',
    loop: 'Closed loop',
    inTime: '{share} of {cases} detractor cases answered within the deadline',
    resolved: 'resolved',
    dashboard: 'Open the dashboard',
  },
  de: {
    subject: '{brand}: Ihre Woche {week}',
    heading: 'Woche {week} bei {brand}',
    dropSubject: '{brand}: {metric} um {points} Punkte gefallen',
    dropBody:
      '{metric} der letzten 7 Tage ({from} – {to}): {recent} aus {responses} Antworten, gegenüber {baseline} in den 28 Tagen davor ({baselineResponses} Antworten).',
    change: 'Veränderung zu den 4 Wochen davor',
    responses: 'Antworten',
    responseRate: 'Antwortquote',
    noAnswers: 'Diese Woche keine Antworten.',
    topThemes: 'Häufigste Themen',
    topReasons: 'Häufigste Gründe',
    openCases: 'Offene Fälle',
    overdue: 'überfällig',
    respondBy: 'antworten bis',
    loop: 'Geschlossener Kreis',
    inTime: '{share} von {cases} Kritiker-Fällen fristgerecht beantwortet',
    resolved: 'gelöst',
    dashboard: 'Dashboard öffnen',
  },
  fr: {
    subject: '{brand} : votre semaine {week}',
    heading: 'Semaine {week} chez {brand}',
    dropSubject: '{brand} : le {metric} a baissé de {points} points',
    dropBody:
      '{metric} des 7 derniers jours ({from} – {to}) : {recent} sur {responses} réponses, contre {baseline} les 28 jours précédents ({baselineResponses} réponses).',
    change: 'Évolution par rapport aux 4 semaines précédentes',
    responses: 'Réponses',
    responseRate: 'Taux de réponse',
    noAnswers: 'Aucune réponse cette semaine.',
    topThemes: 'Thèmes principaux',
    topReasons: 'Raisons principales',
    openCases: 'Dossiers ouverts',
    overdue: 'en retard',
    respondBy: 'répondre avant le',
    loop: 'Boucle fermée',
    inTime: '{share} des {cases} dossiers de détracteurs traités dans le délai',
    resolved: 'résolus',
    dashboard: 'Ouvrir le tableau de bord',
  },
  es: {
    subject: '{brand}: su semana {week}',
    heading: 'Semana {week} en {brand}',
    dropSubject: '{brand}: el {metric} bajó {points} puntos',
    dropBody:
      '{metric} de los últimos 7 días ({from} – {to}): {recent} de {responses} respuestas, frente a {baseline} en los 28 días anteriores ({baselineResponses} respuestas).',
    change: 'Cambio frente a las 4 semanas anteriores',
    responses: 'Respuestas',
    responseRate: 'Tasa de respuesta',
    noAnswers: 'Ninguna respuesta esta semana.',
    topThemes: 'Temas principales',
    topReasons: 'Motivos principales',
    openCases: 'Casos abiertos',
    overdue: 'vencidos',
    respondBy: 'responder antes del',
    loop: 'Ciclo cerrado',
    inTime: '{share} de {cases} casos de detractores atendidos dentro del plazo',
    resolved: 'resueltos',
    dashboard: 'Abrir el panel',
  },
  pt: {
    subject: '{brand}: a sua semana {week}',
    heading: 'Semana {week} em {brand}',
    dropSubject: '{brand}: o {metric} caiu {points} pontos',
    dropBody:
      '{metric} dos últimos 7 dias ({from} – {to}): {recent} de {responses} respostas, contra {baseline} nos 28 dias anteriores ({baselineResponses} respostas).',
    change: 'Variação face às 4 semanas anteriores',
    responses: 'Respostas',
    responseRate: 'Taxa de resposta',
    noAnswers: 'Nenhuma resposta esta semana.',
    topThemes: 'Principais temas',
    topReasons: 'Principais motivos',
    openCases: 'Casos abertos',
    overdue: 'em atraso',
    respondBy: 'responder até',
    loop: 'Ciclo fechado',
    inTime: '{share} de {cases} casos de detratores respondidos dentro do prazo',
    resolved: 'resolvidos',
    dashboard: 'Abrir o painel',
  },
  it: {
    subject: '{brand}: la vostra settimana {week}',
    heading: 'Settimana {week} da {brand}',
    dropSubject: '{brand}: l’{metric} è sceso di {points} punti',
    dropBody:
      '{metric} degli ultimi 7 giorni ({from} – {to}): {recent} su {responses} risposte, contro {baseline} nei 28 giorni precedenti ({baselineResponses} risposte).',
    change: 'Variazione rispetto alle 4 settimane precedenti',
    responses: 'Risposte',
    responseRate: 'Tasso di risposta',
    noAnswers: 'Nessuna risposta questa settimana.',
    topThemes: 'Temi principali',
    topReasons: 'Motivi principali',
    openCases: 'Casi aperti',
    overdue: 'scaduti',
    respondBy: 'rispondere entro',
    loop: 'Ciclo chiuso',
    inTime: '{share} di {cases} casi di detrattori gestiti entro la scadenza',
    resolved: 'risolti',
    dashboard: 'Apri la dashboard',
  },
  nl: {
    subject: '{brand}: uw week {week}',
    heading: 'Week {week} bij {brand}',
    dropSubject: '{brand}: {metric} {points} punten gedaald',
    dropBody:
      '{metric} van de laatste 7 dagen ({from} – {to}): {recent} uit {responses} antwoorden, tegen {baseline} in de 28 dagen daarvoor ({baselineResponses} antwoorden).',
    change: 'Verschil met de 4 weken daarvoor',
    responses: 'Antwoorden',
    responseRate: 'Responspercentage',
    noAnswers: 'Deze week geen antwoorden.',
    topThemes: 'Belangrijkste thema’s',
    topReasons: 'Belangrijkste redenen',
    openCases: 'Open zaken',
    overdue: 'te laat',
    respondBy: 'reageren vóór',
    loop: 'Gesloten kring',
    inTime: '{share} van {cases} criticuszaken binnen de termijn beantwoord',
    resolved: 'opgelost',
    dashboard: 'Dashboard openen',
  },
  sv: {
    subject: '{brand}: din vecka {week}',
    heading: 'Vecka {week} hos {brand}',
    dropSubject: '{brand}: {metric} föll {points} poäng',
    dropBody:
      '{metric} de senaste 7 dagarna ({from} – {to}): {recent} av {responses} svar, mot {baseline} de 28 dagarna innan ({baselineResponses} svar).',
    change: 'Förändring mot de 4 veckorna innan',
    responses: 'Svar',
    responseRate: 'Svarsfrekvens',
    noAnswers: 'Inga svar den här veckan.',
    topThemes: 'Vanligaste teman',
    topReasons: 'Vanligaste skäl',
    openCases: 'Öppna ärenden',
    overdue: 'försenade',
    respondBy: 'svara senast',
    loop: 'Sluten loop',
    inTime: '{share} av {cases} kritikerärenden besvarade inom tidsfristen',
    resolved: 'lösta',
    dashboard: 'Öppna instrumentpanelen',
  },
  pl: {
    subject: '{brand}: Twój tydzień {week}',
    heading: 'Tydzień {week} w {brand}',
    dropSubject: '{brand}: {metric} spadł o {points} pkt',
    dropBody:
      '{metric} z ostatnich 7 dni ({from} – {to}): {recent} z {responses} odpowiedzi, wobec {baseline} w 28 dniach wcześniej ({baselineResponses} odpowiedzi).',
    change: 'Zmiana względem 4 poprzednich tygodni',
    responses: 'Odpowiedzi',
    responseRate: 'Wskaźnik odpowiedzi',
    noAnswers: 'Brak odpowiedzi w tym tygodniu.',
    topThemes: 'Najczęstsze tematy',
    topReasons: 'Najczęstsze powody',
    openCases: 'Otwarte sprawy',
    overdue: 'po terminie',
    respondBy: 'odpowiedz do',
    loop: 'Zamknięta pętla',
    inTime: '{share} z {cases} spraw krytyków obsłużonych w terminie',
    resolved: 'rozwiązane',
    dashboard: 'Otwórz panel',
  },
  ja: {
    subject: '{brand}：{week} の週次レポート',
    heading: '{brand} の {week}',
    dropSubject: '{brand}：{metric} が {points} ポイント低下',
    dropBody:
      '直近7日間（{from}～{to}）の{metric}：{responses}件の回答で{recent}。その前の28日間は{baseline}（{baselineResponses}件）。',
    change: '前4週間との差',
    responses: '回答数',
    responseRate: '回答率',
    noAnswers: '今週の回答はありません。',
    topThemes: '主なテーマ',
    topReasons: '主な理由',
    openCases: '未対応のケース',
    overdue: '期限超過',
    respondBy: '対応期限',
    loop: 'クローズドループ',
    inTime: '批判者ケース{cases}件のうち{share}を期限内に対応',
    resolved: '解決済み',
    dashboard: 'ダッシュボードを開く',
  },
  ar: {
    subject: '{brand}: أسبوعك {week}',
    heading: 'الأسبوع {week} في {brand}',
    dropSubject: '{brand}: انخفض {metric} بمقدار {points} نقطة',
    dropBody:
      '{metric} لآخر 7 أيام ({from} – {to}): {recent} من {responses} إجابة، مقابل {baseline} في الأيام الـ28 السابقة ({baselineResponses} إجابة).',
    change: 'التغير مقارنة بالأسابيع الأربعة السابقة',
    responses: 'الإجابات',
    responseRate: 'معدل الاستجابة',
    noAnswers: 'لا توجد إجابات هذا الأسبوع.',
    topThemes: 'أبرز المواضيع',
    topReasons: 'أبرز الأسباب',
    openCases: 'الحالات المفتوحة',
    overdue: 'متأخرة',
    respondBy: 'الرد قبل',
    loop: 'الحلقة المغلقة',
    inTime: '{share} من {cases} حالة من المنتقدين عولجت ضمن المهلة',
    resolved: 'تم حلها',
    dashboard: 'فتح لوحة المعلومات',
  },
};

/** The words with their placeholders filled; an unknown placeholder stays as written. */
export const fillIn = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
