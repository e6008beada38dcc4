import { type Condition, type Operand, type Path, type Update, ValidationError } from './expressions.ts';

/** An attribute value as DynamoDB's wire protocol spells it. */
export type Value =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Item }
  | { L: Value[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };
export type Item = Record<string, Value>;

const typeOf = (value: Value) => Object.keys(value)[0] as string;

export function get(item: Item, path: Path): Value | undefined {
  let current: Value | undefined = { M: item };
  for (const step of path) {
    const container: Value | undefined = current;
    if (container === undefined) return undefined;
    if (typeof step === 'number') current = 'L' in container ? (container as { L: Value[] }).L[step] : undefined;
    else current = 'M' in container ? container.M[step] : undefined;
  }
  return current;
}

/** The container that holds the path's last step (created for nothing: DynamoDB refuses a missing parent). */
function parentOf(item: Item, path: Path): Value {
  const parent = get(item, path.slice(0, -1));
  if (parent === undefined || !('M' in parent || 'L' in parent))
    throw new ValidationError('The document path provided in the update expression is invalid for update');
  return parent;
}

export function put(item: Item, path: Path, value: Value) {
  const parent = parentOf(item, path);
  const last = path[path.length - 1] as string | number;
  if ('L' in parent && typeof last === 'number') {
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else if ('M' in parent && typeof last === 'string') parent.M[last] = value;
  else throw new ValidationError('The document path provided in the update expression is invalid for update');
}

export function remove(item: Item, path: Path) {
  const parent = get(item, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (parent && 'L' in parent && typeof last === 'number') parent.L.splice(last, 1);
  else if (parent && 'M' in parent && typeof last === 'string') delete parent.M[last];
}

/** DynamoDB's ordering of scalars: numbers by value, strings and binaries by their bytes. */
function compare(a: Value, b: Value): number | undefined {
  if ('N' in a && 'N' in b) return Number(a.N) - Number(b.N);
  if ('S' in a && 'S' in b) return Buffer.compare(Buffer.from(a.S), Buffer.from(b.S));
  if ('B' in a && 'B' in b) return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return undefined;
}

export function equal(a: Value, b: Value): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && Number(a.N) === Number(b.N);
  if (typeOf(a) !== typeOf(b)) return false;
  if ('SS' in a || 'NS' in a || 'BS' in a) {
    const left = [...(Object.values(a)[0] as string[])].sort();
    const right = [...(Object.values(b)[0] as string[])].sort();
    return left.length === right.length && left.every((v, i) => v === right[i]);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface Scope {
  item: Item;
  values: Record<string, Value>;
}

function operand(scope: Scope, node: Operand): Value | undefined {
  switch (node.kind) {
    case 'path':
      return get(scope.item, node.path);
    case 'value': {
      const value = scope.values[node.name];
      if (value === undefined)
        throw new ValidationError(
          `An expression attribute value used in expression is not defined; attribute value: ${node.name}`,
        );
      return value;
    }
    case 'size': {
      const value = get(scope.item, node.path);
      if (value === undefined) return undefined;
      if ('S' in value) return { N: String(Buffer.byteLength(value.S)) };
      if ('B' in value) return { N: String(Buffer.from(value.B, 'base64').length) };
      if ('L' in value) return { N: String(value.L.length) };
      if ('M' in value) return { N: String(Object.keys(value.M).length) };
      if ('SS' in value) return { N: String(value.SS.length) };
      if ('NS' in value) return { N: String(value.NS.length) };
      if ('BS' in value) return { N: String(value.BS.length) };
      return undefined;
    }
    case 'if_not_exists':
      return get(scope.item, node.path) ?? operand(scope, node.fallback);
    case 'list_append': {
      const left = operand(scope, node.left);
      const right = operand(scope, node.right);
      if (!left || !right || !('L' in left) || !('L' in right))
        throw new ValidationError(
          'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append',
        );
      return { L: [...left.L, ...right.L] };
    }
    case 'arith': {
      const left = operand(scope, node.left);
      const right = operand(scope, node.right);
      if (!left || !right || !('N' in left) || !('N' in right))
        throw new ValidationError(
          `Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${node.op}`,
        );
      const result = node.op === '+' ? Number(left.N) + Number(right.N) : Number(left.N) - Number(right.N);
      return { N: String(result) };
    }
  }
}

export function holds(scope: Scope, node: Condition): boolean {
  switch (node.kind) {
    case 'and':
      return holds(scope, node.left) && holds(scope, node.right);
    case 'or':
      return holds(scope, node.left) || holds(scope, node.right);
    case 'not':
      return !holds(scope, node.condition);
    case 'exists':
      return (get(scope.item, node.path) !== undefined) === node.exists;
    case 'attribute_type': {
      const value = get(scope.item, node.path);
      const type = operand(scope, node.type);
      return value !== undefined && type !== undefined && 'S' in type && typeOf(value) === type.S;
    }
    case 'begins_with': {
      const value = operand(scope, node.operand);
      const prefix = operand(scope, node.argument);
      return !!value && !!prefix && 'S' in value && 'S' in prefix && value.S.startsWith(prefix.S);
    }
    case 'contains': {
      const value = operand(scope, node.operand);
      const part = operand(scope, node.argument);
      if (!value || !part) return false;
      if ('S' in value) return 'S' in part && value.S.includes(part.S);
      if ('L' in value) return value.L.some((element) => equal(element, part));
      const set = ('SS' in value && value.SS) || ('NS' in value && value.NS) || ('BS' in value && value.BS);
      return !!set && set.includes(Object.values(part)[0] as string);
    }
    case 'in': {
      const value = operand(scope, node.operand);
      return (
        !!value &&
        node.list.some((candidate) => {
          const other = operand(scope, candidate);
          return !!other && equal(value, other);
        })
      );
    }
    case 'between': {
      const value = operand(scope, node.operand);
      const low = operand(scope, node.low);
      const high = operand(scope, node.high);
      if (!value || !low || !high) return false;
      const fromLow = compare(value, low);
      const toHigh = compare(value, high);
      return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
    }
    case 'compare': {
      const left = operand(scope, node.left);
      const right = operand(scope, node.right);
      if (!left || !right) return node.op === '<>' && (left !== undefined || right !== undefined);
      if (node.op === '=') return equal(left, right);
      if (node.op === '<>') return !equal(left, right);
      const order = compare(left, right);
      if (order === undefined) return false;
      return node.op === '<' ? order < 0 : node.op === '<=' ? order <= 0 : node.op === '>' ? order > 0 : order >= 0;
    }
  }
}

const SETS = ['SS', 'NS', 'BS'] as const;

/** Applies an update to a copy of `old` (or a new item with `key`), as UpdateItem does: SET, REMOVE, ADD, DELETE. */
export function applyUpdate(old: Item | undefined, key: Item, update: Update, values: Record<string, Value>): Item {
  const before: Item = old ?? key;
  // Stored items are never changed in place: a shallow copy, with a deep copy of each attribute a nested path
  // changes, leaves `old` as it was at a fraction of a deep copy's cost.
  const item: Item = { ...before };
  const touched = [...update.set, ...update.add, ...update.delete].map((a) => a.path).concat(update.remove);
  for (const name of new Set(touched.filter((path) => path.length > 1).map((path) => path[0] as string)))
    if (item[name] !== undefined) item[name] = structuredClone(item[name]);
  // Every right-hand side reads the item as it was before the update.
  const scope: Scope = { item: before, values };
  const sets = update.set.map(({ path, value }) => ({ path, value: operand(scope, value) }));
  for (const { path, value } of sets) {
    if (value === undefined)
      throw new ValidationError('The provided expression refers to an attribute that does not exist in the item');
    put(item, path, value);
  }
  // Removing list elements by index from the highest down keeps the others' indexes.
  const removals = [...update.remove].sort((a, b) => Number(b[b.length - 1]) - Number(a[a.length - 1]) || 0);
  for (const path of removals) remove(item, path);
  for (const { path, value: node } of update.add) {
    const value = operand(scope, node) as Value;
    const current = get(item, path);
    if ('N' in value) {
      if (current !== undefined && !('N' in current))
        throw new ValidationError('An operand in the update expression has an incorrect data type');
      put(item, path, { N: String(Number(current && 'N' in current ? current.N : 0) + Number(value.N)) });
      continue;
    }
    const type = SETS.find((t) => t in value);
    if (!type)
      throw new ValidationError(
        'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD',
      );
    const existing = current === undefined ? [] : ((current as Record<string, string[]>)[type] ?? []);
    put(item, path, {
      [type]: [...new Set([...existing, ...((value as Record<string, string[]>)[type] as string[])])],
    } as Value);
  }
  for (const { path, value: node } of update.delete) {
    const value = operand(scope, node) as Value;
    const current = get(item, path);
    const type = SETS.find((t) => t in value);
    if (!type || !current || !(type in current)) continue;
    const drop = new Set((value as Record<string, string[]>)[type]);
    const kept = ((current as Record<string, string[]>)[type] as string[]).filter((v) => !drop.has(v));
    if (kept.length === 0) remove(item, path);
    else put(item, path, { [type]: kept } as Value);
  }
  return item;
}

/** Whether two items hold the same attributes and values (an index entry rewritten or not). */
export function sameItem(a: Item, b: Item): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const left = a[name] as Value;
    const right = b[name];
    if (right === undefined) return false;
    if ('M' in left) return 'M' in right && sameItem(left.M, right.M);
    if ('L' in left)
      return (
        'L' in right &&
        left.L.length === right.L.length &&
        left.L.every((v, i) => sameItem({ v }, { v: right.L[i] as Value }))
      );
    return equal(left, right);
  });
}

/** The item's size as DynamoDB bills it: names and values in bytes, containers with their overhead. */
export function sizeOf(item: Item): number {
  const known = sizes.get(item);
  if (known !== undefined) return known;
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueSize(value);
  sizes.set(item, bytes);
  return bytes;
}

/** Sizes of items already measured: a stored item never changes, and each write measures it again otherwise. */
const sizes = new WeakMap<Item, number>();

function valueSize(value: Value): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('N' in value) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('M' in value) return 3 + sizeOf(value.M) + Object.keys(value.M).length;
  if ('L' in value) return 3 + value.L.reduce((sum, element) => sum + valueSize(element) + 1, 0);
  const members = Object.values(value)[0] as string[];
  return members.reduce((sum, member) => sum + Buffer.byteLength(member), 0);
}

/** Only the projected paths of an item (ProjectionExpression). */
export function project(item: Item, paths: Path[]): Item {
  const projected: Item = {};
  for (const path of paths) {
    const value = get(item, path);
    if (value === undefined) continue;
    let target: Item = projected;
    for (const [i, step] of path.entries()) {
      if (typeof step === 'number') break; // a list element projected alone: keep the list (close enough here)
      if (i === path.length - 1 || typeof path[i + 1] === 'number') {
        target[step] = i === path.length - 1 ? value : (get(item, path.slice(0, i + 1)) as Value);
        break;
      }
      const next = target[step];
      if (!next || !('M' in next)) target[step] = { M: {} };
      target = (target[step] as { M: Item }).M;
    }
  }
  return projected;
}
