/**
 * What a comment is about: the themes of the configured taxonomy it mentions. Locally (and by default in AWS) the
 * phrase matcher answers; a model-based classifier may stand in front of it, falling back to it on any failure, so
 * that an answer is never lost to its tags.
 */
export interface CommentThemes {
  themesOf(comment: string | undefined, language: string): Promise<string[]>;
}
