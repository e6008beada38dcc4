/**
 * Write units per partition key per second, as DynamoDB's partitions feel them: one partition (of the table or of
 * an index) serves at most 1,000 write units a second. Kept as the peak second of every key that ever wrote, so a
 * replay of a whole day reports its hottest keys whatever the order they warmed up in.
 */
export interface KeyPeak {
  key: string;
  units: number;
  writes: number;
  second: number;
}

export class HotKeys {
  private second = Number.NaN;
  private current = new Map<string, { units: number; writes: number }>();
  private readonly peaks = new Map<string, KeyPeak>();
  /** Every write unit billed, by table or index (the key's prefix before `:`). */
  readonly totals = new Map<string, number>();

  record(key: string, units: number, atMs: number) {
    const target = key.slice(0, key.indexOf(':'));
    this.totals.set(target, (this.totals.get(target) ?? 0) + units);
    const second = Math.floor(atMs / 1000);
    if (second !== this.second) this.fold(second);
    const slot = this.current.get(key) ?? { units: 0, writes: 0 };
    slot.units += units;
    slot.writes += 1;
    this.current.set(key, slot);
  }

  private fold(next: number) {
    for (const [key, { units, writes }] of this.current) {
      const peak = this.peaks.get(key);
      if (!peak || units > peak.units) this.peaks.set(key, { key, units, writes, second: this.second });
    }
    this.current = new Map();
    this.second = next;
  }

  /** The hottest keys by their peak second, highest first. */
  top(count: number): KeyPeak[] {
    this.fold(this.second);
    return [...this.peaks.values()].sort((a, b) => b.units - a.units).slice(0, count);
  }

  /** Forgets keys whose peak stayed below `units` (a day of survey ids would otherwise all be kept). */
  prune(units: number) {
    for (const [key, peak] of this.peaks) if (peak.units < units) this.peaks.delete(key);
  }
}
