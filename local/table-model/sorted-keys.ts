/**
 * One partition's items in sort-key order (a table's or an index's): binary-searched inserts and removals, so a
 * partition of a hundred thousand due surveys answers a query without sorting.
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

const before = (a: Entry, b: Entry) => a.sort < b.sort || (a.sort === b.sort && a.id < b.id);

export class SortedKeys {
  readonly entries: Entry[] = [];

  /** The position of the first entry not before `entry`. */
  position(entry: Entry): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.entries[mid] as Entry, entry)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The entries whose sort key lies within `bounds` (each end inclusive or not), in order. */
  within(bounds: Bounds): Entry[] {
    const low =
      bounds.from === undefined ? 0 : this.position({ sort: bounds.from, id: bounds.fromInclusive ? '' : LAST });
    const high =
      bounds.to === undefined
        ? this.entries.length
        : this.position({ sort: bounds.to, id: bounds.toInclusive ? LAST : '' });
    return this.entries.slice(low, Math.max(low, high));
  }

  insert(entry: Entry) {
    const at = this.position(entry);
    const found = this.entries[at];
    if (found && found.sort === entry.sort && found.id === entry.id) return;
    this.entries.splice(at, 0, entry);
  }

  remove(entry: Entry) {
    const at = this.position(entry);
    const found = this.entries[at];
    if (found && found.sort === entry.sort && found.id === entry.id) this.entries.splice(at, 1);
  }
}
