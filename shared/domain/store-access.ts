import { Forbidden } from './errors.ts';

/** The Cognito group whose members see every store. */
export const ALL_STORES_GROUP = 'all-stores';
/** The prefix of a group whose members see one store: `store:store-berlin`. */
export const STORE_GROUP_PREFIX = 'store:';
/** At most this many store groups count (Cognito puts a user in at most 100 groups; a filter names them all). */
export const MAX_STORES_PER_MEMBER = 100;

/** Which stores a member of staff may see and act on: every store, or the ones named. */
export type StoreAccess = { readonly all: true } | { readonly all: false; readonly stores: readonly string[] };

export const ALL_STORES: StoreAccess = { all: true };

/**
 * The access a member's groups give: `all-stores` every store, each `store:<id>` that store; any other group is
 * not about stores and gives nothing. No store group at all gives no store (never every store by default).
 */
export function storeAccessOf(groups: readonly string[]): StoreAccess {
  if (groups.includes(ALL_STORES_GROUP)) return ALL_STORES;
  const stores = [
    ...new Set(
      groups
        .filter((group) => group.startsWith(STORE_GROUP_PREFIX))
        .map((group) => group.slice(STORE_GROUP_PREFIX.length))
        .filter((id) => id.length > 0),
    ),
  ].sort();
  return { all: false, stores: stores.slice(0, MAX_STORES_PER_MEMBER) };
}

export const maySee = (access: StoreAccess, storeId: string) => access.all || access.stores.includes(storeId);

function describe(access: StoreAccess): string {
  if (access.all) return 'every store';
  return access.stores.length === 0 ? 'no store' : access.stores.join(', ');
}

/** Refuses a store the member may not see, saying which they may. */
export function requireStore(access: StoreAccess, storeId: string): void {
  if (!maySee(access, storeId))
    throw new Forbidden(`You may not see store ${storeId}`, [`storeId: your access covers ${describe(access)}`]);
}

/** Refuses a member who may not see every store: what the whole business owns (customers, sources). */
export function requireAllStores(access: StoreAccess, what: string): void {
  if (!access.all)
    throw new Forbidden(`${what} needs access to every store`, [
      `your access covers ${describe(access)}; ask for the ${ALL_STORES_GROUP} group`,
    ]);
}

/**
 * What a query may read: the store asked for (refused when not the member's), or — when none is asked — every
 * store for full access, else the member's own stores (`stores`; one store narrows to it as if asked).
 */
export function storesToRead(
  access: StoreAccess,
  storeId: string | undefined,
): { storeId?: string; stores?: readonly string[] } {
  if (storeId !== undefined) {
    requireStore(access, storeId);
    return { storeId };
  }
  if (access.all) return {};
  if (access.stores.length === 1) return { storeId: access.stores[0] as string };
  if (access.stores.length === 0)
    throw new Forbidden('You may not see any store', [
      `ask for a store group (${STORE_GROUP_PREFIX}<store id>) or ${ALL_STORES_GROUP}`,
    ]);
  return { stores: access.stores };
}
