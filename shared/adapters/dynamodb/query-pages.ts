import { type DocumentClient, QueryCommand, type QueryCommandInput } from '../aws/dynamodb.ts';

export type PageKey = Record<string, unknown>;

/**
 * Up to `want` items of a query, following pages: a filter applies after DynamoDB's page limit, so one page may
 * hold fewer matches than asked for. Stops after `maxPages` pages and hands back where it stopped (`next`), so a
 * caller can offer the rest as the next page; `next` is undefined when nothing is left.
 */
export async function queryPages(
  db: DocumentClient,
  input: QueryCommandInput,
  want: number,
  maxPages = 10,
): Promise<{ items: Record<string, unknown>[]; next: PageKey | undefined; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let next: PageKey | undefined = input.ExclusiveStartKey;
  let pages = 0;
  while (pages < maxPages) {
    // Ask for a little more than is missing: a filter may drop some of it.
    const limit = Number.isFinite(want) ? Math.min(Math.max(want - items.length, 50), 1000) : undefined;
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: next, Limit: limit }));
    pages += 1;
    const found = page.Items ?? [];
    const room = want - items.length;
    items.push(...found.slice(0, room));
    next = page.LastEvaluatedKey;
    // The page held more matches than there was room for: the next page starts after the last one taken.
    if (found.length > room) return { items, next: keyOf(items[items.length - 1] ?? {}, input.IndexName), pages };
    if (items.length >= want || next === undefined) return { items, next, pages };
  }
  return { items, next, pages };
}

/** Every item of a query, page after page. */
export async function queryAll(db: DocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let next: PageKey | undefined;
  do {
    const page = await queryPages(db, { ...input, ExclusiveStartKey: next }, Number.POSITIVE_INFINITY, 1);
    items.push(...page.items);
    next = page.next;
  } while (next !== undefined);
  return items;
}

/** The table's and the index's key attributes of an item: where a query resumes after it. */
function keyOf(item: Record<string, unknown>, indexName: string | undefined): PageKey {
  const names = ['pk', 'sk', ...(indexName ? [`${indexName}pk`, `${indexName}sk`] : [])];
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}
