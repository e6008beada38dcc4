/** A secret with versions and staging labels, as Secrets Manager's rotation protocol sees it. */
export interface RotatingSecret {
  /** Each version's labels (AWSCURRENT, AWSPREVIOUS, AWSPENDING), by version id. */
  stages(secretId: string): Promise<Record<string, readonly string[]>>;
  /** The value of a version (by id) or of the version holding a label. */
  value(secretId: string, which: { versionId?: string; stage: string }): Promise<string>;
  /** Stores `value` as version `versionId` labelled AWSPENDING; the same call again changes nothing. */
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  /** Moves AWSCURRENT from `fromVersionId` to `toVersionId` (the old one becomes AWSPREVIOUS). */
  promote(secretId: string, toVersionId: string, fromVersionId: string): Promise<void>;
}
