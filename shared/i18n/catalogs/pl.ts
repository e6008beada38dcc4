import type { Catalog } from '../catalog.ts';

export const pl: Catalog = {
  email: {
    npsSubject: 'Czy polecisz {brand} innym?',
    npsGreeting: 'Dzień dobry, {name},',
    npsGreetingAnonymous: 'Dzień dobry,',
    npsQuestion: 'Jak bardzo prawdopodobne jest, że polecisz {brand} znajomemu lub współpracownikowi?',
    npsLow: 'Zupełnie nieprawdopodobne',
    npsHigh: 'Bardzo prawdopodobne',
    npsTextInstructions: 'Otwórz link obok swojej odpowiedzi:',
    replyNoScoreSubject: 'Jak oceniasz {brand}?',
    replyNoScoreIntro:
      'Dziękujemy za odpowiedź! Nie znaleźliśmy w niej oceny od {min} do {max}, więc nic jeszcze nie zapisaliśmy. Wybierz ocenę:',
    footerWhy: 'Otrzymujesz to jednorazowe pytanie w związku z Twoim ostatnim zamówieniem w {brand}.',
    csatSubject: 'Jak oceniasz pomoc od {brand}?',
    csatQuestion: 'Jak oceniasz pomoc otrzymaną od {brand}?',
    csatFooterWhy:
      'Otrzymujesz to jednorazowe pytanie w związku z Twoim ostatnim zgłoszeniem do obsługi klienta {brand}.',
    footerExpiry: 'Ankieta zostanie zamknięta {date}.',
  },
  page: {
    npsQuestion: 'Jak bardzo prawdopodobne jest, że polecisz {brand} znajomemu lub współpracownikowi?',
    csatQuestion: 'Jak oceniasz pomoc otrzymaną od {brand}?',
    cesQuestion: '{brand} ułatwił(a) mi załatwienie mojej sprawy.',
    npsLow: 'Zupełnie nieprawdopodobne',
    npsHigh: 'Bardzo prawdopodobne',
    csatLabels: ['Bardzo niezadowolony', 'Niezadowolony', 'Neutralnie', 'Zadowolony', 'Bardzo zadowolony'],
    cesLow: 'Zdecydowanie się nie zgadzam',
    cesHigh: 'Zdecydowanie się zgadzam',
    commentLabel: 'Chcesz coś dodać? (opcjonalnie)',
    send: 'Wyślij odpowiedź',
    update: 'Zmień odpowiedź',
    thanks: 'Dziękujemy za odpowiedź!',
    thanksChanged: 'Dziękujemy, Twoja odpowiedź została zmieniona.',
    yourAnswer: 'Twoja odpowiedź: {score}',
    changeHint: 'Przez najbliższe 7 dni możesz zmienić odpowiedź lub dodać komentarz poniżej.',
    closedTitle: 'Ta ankieta została zamknięta.',
    invalidLinkTitle: 'Ten link do ankiety jest nieprawidłowy. Użyj linku z wiadomości e-mail.',
    notFoundTitle: 'Nie znaleźliśmy tej ankiety.',
    badAnswerTitle: 'Nie udało się odczytać tej odpowiedzi.',
    errorTitle: 'Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę.',
  },
};
