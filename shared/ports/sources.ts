/** What became of one delivery from a connected source. */
export type SourceOutcome = 'mapped' | 'refused' | 'ignored';

export interface SourceRefusal {
  at: string;
  reason: string;
  /** What the delivery was about, when that could be read (`order 1001`), never personal data. */
  what?: string | undefined;
}

/** A source's status for staff: when it last sent, and what became of its deliveries. */
export interface SourceStatus {
  lastEventAt?: string | undefined;
  lastOutcome?: SourceOutcome | undefined;
  last24Hours: Record<SourceOutcome, number>;
  last30Days: Record<SourceOutcome, number>;
  latestRefusals: SourceRefusal[];
}

/** The record of what each connected source delivered, and the deliveries already taken (replays are refused). */
export interface SourceLog {
  /** Takes a delivery id once; false when it was taken before (a replay). Kept at least until `keepUntil`. */
  claimDelivery(sourceId: string, deliveryId: string, keepUntil: Date): Promise<boolean>;
  /** Gives a claimed delivery back, when handling it failed: the sender's retry is then taken, not refused. */
  releaseDelivery(sourceId: string, deliveryId: string): Promise<void>;
  record(sourceId: string, outcome: SourceOutcome, at: Date, refusal?: Omit<SourceRefusal, 'at'>): Promise<void>;
  status(sourceId: string, now: Date): Promise<SourceStatus>;
}

/** The signing secrets of the connected sources, by source id. */
export interface SourceSecrets {
  secretOf(sourceId: string): Promise<string>;
}

/** Puts one of closeloop's inbound events on its bus, as a store's producer would, with the source's name. */
export interface InboundEvents {
  put(source: string, detailType: string, detail: Record<string, unknown>): Promise<void>;
}
