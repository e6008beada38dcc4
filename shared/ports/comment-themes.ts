/** How a comment sounds, where a model says so (the phrase matcher does not). */
export type Sentiment = 'positive' | 'neutral' | 'negative' | 'mixed';

/** What a comment is about (themes of the configured taxonomy) and, when known, how it sounds. */
export interface CommentTags {
  themes: string[];
  sentiment?: Sentiment | undefined;
}

/**
 * Tags a comment. Locally (and by default in AWS) the phrase matcher answers; a model-based classifier (Amazon
 * Bedrock) may stand in front of it, falling back to it on any failure, so that an answer is never lost to its tags.
 */
export interface CommentThemes {
  themesOf(comment: string | undefined, language: string): Promise<CommentTags>;
}
