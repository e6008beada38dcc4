import { type NegationRules, type ThemeTaxonomy, tagThemes } from '../domain/themes.ts';
import { NEGATIONS, NEGATIONS_AFTER } from '../i18n/themes.ts';
import type { CommentTags, CommentThemes } from '../ports/comment-themes.ts';

const DEFAULT_NEGATIONS: NegationRules = { before: NEGATIONS, after: NEGATIONS_AFTER };

/** Themes by the configured phrases, in the comment's language and English (`shared/domain/themes.ts`). */
export class PhraseThemes implements CommentThemes {
  private readonly taxonomy: ThemeTaxonomy;
  private readonly negations: NegationRules;

  constructor(taxonomy: ThemeTaxonomy, negations: NegationRules = DEFAULT_NEGATIONS) {
    this.taxonomy = taxonomy;
    this.negations = negations;
  }

  async themesOf(comment: string | undefined, language: string): Promise<CommentTags> {
    return { themes: tagThemes(comment, language, this.taxonomy, this.negations) };
  }
}
