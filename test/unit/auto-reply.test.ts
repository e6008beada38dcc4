import { describe, expect, it } from 'vitest';
import { automaticReason } from '#shared/domain/auto-reply.ts';

const person = { headers: {}, subject: 'Re: How likely are you to recommend Acme Coffee?' };

describe('telling an autoresponder from a person (RFC 3834)', () => {
  it('reads the headers autoresponders set', () => {
    const automatic: Record<string, string>[] = [
      { 'auto-submitted': 'auto-replied' },
      { 'auto-submitted': 'auto-generated' },
      { 'x-autoreply': 'yes' },
      { 'x-autorespond': 'vacation' },
      { precedence: 'auto_reply' },
      { precedence: 'bulk' },
      { precedence: 'junk' },
      { precedence: 'list' },
      { 'return-path': '<>' },
      { 'list-id': '<support.acme.example>' },
    ];
    for (const headers of automatic)
      expect(automaticReason({ ...person, headers }), JSON.stringify(headers)).toBeDefined();
  });

  it('reads out-of-office subjects in the languages closeloop speaks', () => {
    for (const subject of [
      'Automatic reply: How likely are you to recommend Acme Coffee?',
      'Out of Office: back on 5 December',
      'Fuera de la oficina: Re: ¿Recomendaría Acme?',
      'Réponse automatique : Votre avis',
      'AW: Abwesenheitsnotiz: Ihre Meinung',
      'Resposta automática: A sua opinião',
      'Risposta automatica: La tua opinione',
      'Automatisch antwoord: Uw mening',
      'Automatiskt svar: Din åsikt',
      'Odpowiedź automatyczna: Twoja opinia',
      '自動応答: ご意見をお聞かせください',
      'رد تلقائي: رأيك يهمنا',
    ])
      expect(automaticReason({ headers: {}, subject }), subject).toBeDefined();
  });

  it('takes a person’s reply as a person’s, Auto-Submitted: no included', () => {
    expect(automaticReason(person)).toBeUndefined();
    expect(
      automaticReason({ ...person, headers: { 'auto-submitted': 'no', precedence: 'first-class' } }),
    ).toBeUndefined();
    expect(
      automaticReason({ headers: {}, subject: 'Re: Wie wahrscheinlich ist es, dass Sie Acme empfehlen?' }),
    ).toBeUndefined();
  });
});
