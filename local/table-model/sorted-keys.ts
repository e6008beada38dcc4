/**
 * One partition's items in sort-key order (a table's or an index's), kept in chunks of at most 1,024 entries: an
 * insert or removal moves at most one chunk, so a due index holding a day's reminders behind the next hour's
 * surveys takes an insert in the middle as cheaply as one at the end.
 */
export interface Entry {
  sort: string;
  /** The item's table key, which breaks ties among equal index sort keys. */
  id: string;
}

/** A sort-key range, from a key condition: `=`, `<`, `<=`, `>`, `>=`, `BETWEEN` or `begins_with`. */
export interface Bounds {
  from?: string;
  fromInclusive?: boolean;
  to?: string;
  toInclusive?: boolean;
}

/** Above every id: a bound that must pass every entry of an equal sort key. */
const LAST = '\uffff';
const CHUNK = 1024;

const before = (a: Entry, b: Entry) => a.sort < b.sort || (a.sort === b.sort && a.id < b.id);

/** The position of the first entry of `entries` not before `entry`. */
function position(entries: readonly Entry[], entry: Entry): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(entries[mid] as Entry, entry)) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class SortedKeys {
  private chunks: Entry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The chunk that holds (or would hold) `entry`: the first whose last entry is not before it. */
  private chunkOf(entry: Entry): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid] as Entry[];
      if (before(chunk[chunk.length - 1] as Entry, entry)) low = mid + 1;
      else high = mid;
    }
    return Math.max(0, low);
  }

  /** The entries whose sort key lies within `bounds` (each end inclusive or not), in order. */
  within(bounds: Bounds): Entry[] {
    const from: Entry | undefined =
      bounds.from === undefined ? undefined : { sort: bounds.from, id: bounds.fromInclusive ? '' : LAST };
    const to: Entry | undefined =
      bounds.to === undefined ? undefined : { sort: bounds.to, id: bounds.toInclusive ? LAST : '' };
    const found: Entry[] = [];
    for (let c = from ? this.chunkOf(from) : 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as Entry[];
      const start = from ? position(chunk, from) : 0;
      const end = to ? position(chunk, to) : chunk.length;
      for (let i = start; i < end; i++) found.push(chunk[i] as Entry);
      if (end < chunk.length) break;
    }
    return found;
  }

  insert(entry: Entry) {
    if (this.chunks.length === 0) {
      this.chunks.push([entry]);
      this.count = 1;
      return;
    }
    const c = this.chunkOf(entry);
    const chunk = this.chunks[c] as Entry[];
    const at = position(chunk, entry);
    const found = chunk[at];
    if (found && found.sort === entry.sort && found.id === entry.id) return;
    chunk.splice(at, 0, entry);
    this.count++;
    if (chunk.length > CHUNK) this.chunks.splice(c, 1, chunk.slice(0, CHUNK / 2), chunk.slice(CHUNK / 2));
  }

  remove(entry: Entry) {
    if (this.chunks.length === 0) return;
    const c = this.chunkOf(entry);
    const chunk = this.chunks[c] as Entry[];
    const at = position(chunk, entry);
    const found = chunk[at];
    if (!found || found.sort !== entry.sort || found.id !== entry.id) return;
    chunk.splice(at, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(c, 1);
  }
}
