/**
 * EventBridge event patterns: validation and matching, as the EventBridge user guide documents them.
 *
 * - A pattern is an object; its leaves are arrays of matchers, OR-ed; sibling fields are AND-ed.
 * - A matcher is a literal (string, number, boolean, null) or one of: prefix, suffix, equals-ignore-case,
 *   wildcard, anything-but (a value, a list, or prefix/suffix/equals-ignore-case/wildcard), numeric, exists, cidr.
 * - `$or` at any level takes a list of patterns, any of which may match.
 * - An array in the event matches when any of its elements matches; an empty array is no value at all.
 * - Null and the empty string are different values; a missing field matches only `exists: false`.
 * - Matchers apply to leaves only: an object in the event is not a value for `exists: true` or a literal.
 */

export class InvalidEventPattern extends Error {
  override readonly name = 'InvalidEventPatternException';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Leaf = null | boolean | number | string;
type Matcher = (value: Leaf) => boolean;

interface CompiledLeaf {
  kind: 'leaf';
  matchers: Matcher[];
  exists?: boolean;
}
interface CompiledObject {
  kind: 'object';
  fields: [string, CompiledNode][];
  or: CompiledObject[][];
}
type CompiledNode = CompiledLeaf | CompiledObject;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(path: string, message: string): never {
  throw new InvalidEventPattern(`Event pattern is not valid. Reason: ${message} at ${path || '(root)'}`);
}

function stringOperand(value: unknown, path: string, operator: string): string {
  if (typeof value !== 'string') fail(path, `"${operator}" needs a string`);
  return value;
}

function stringList(value: unknown, path: string, operator: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(path, `"${operator}" needs at least one string`);
  return list.map((item) => stringOperand(item, path, operator));
}

function wildcardToRegExp(pattern: string, path: string): RegExp {
  if (pattern.includes('**')) fail(path, 'consecutive wildcard characters are not allowed');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\') {
      const next = pattern.charAt(i + 1);
      if (next !== '*' && next !== '\\') fail(path, 'a backslash in a wildcard escapes only * or \\');
      source += `\\${next}`;
      i++;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

/** prefix/suffix take a string, or `{ "equals-ignore-case": string }` to ignore case. */
function affixMatcher(operand: unknown, path: string, operator: 'prefix' | 'suffix'): (value: string) => boolean {
  let ignoreCase = false;
  let affix: string;
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case')
      fail(path, `"${operator}" takes a string or equals-ignore-case`);
    affix = stringOperand(operand['equals-ignore-case'], path, operator);
    ignoreCase = true;
  } else {
    affix = stringOperand(operand, path, operator);
  }
  const wanted = ignoreCase ? affix.toLowerCase() : affix;
  return (value) => {
    const subject = ignoreCase ? value.toLowerCase() : value;
    return operator === 'prefix' ? subject.startsWith(wanted) : subject.endsWith(wanted);
  };
}

function numericMatcher(operand: unknown, path: string): Matcher {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    fail(path, '"numeric" takes one or two operator/number pairs');
  }
  const checks: ((n: number) => boolean)[] = [];
  let lower = false;
  let upper = false;
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    const bound = operand[i + 1];
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail(path, '"numeric" bounds must be numbers');
    switch (op) {
      case '=':
        if (operand.length !== 2) fail(path, '"=" cannot be combined with a range');
        checks.push((n) => n === bound);
        break;
      case '>':
      case '>=':
        if (lower) fail(path, 'a numeric range has one lower bound');
        lower = true;
        checks.push(op === '>' ? (n) => n > bound : (n) => n >= bound);
        break;
      case '<':
      case '<=':
        if (upper) fail(path, 'a numeric range has one upper bound');
        upper = true;
        checks.push(op === '<' ? (n) => n < bound : (n) => n <= bound);
        break;
      default:
        fail(path, `unknown numeric operator ${JSON.stringify(op)}`);
    }
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let result = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    result = (result << 8n) | BigInt(part);
  }
  return result;
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let result = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    result = (result << 16n) | BigInt(`0x${group}`);
  }
  if (tailV4 !== undefined) result = (result & ~0xffffffffn) | tailV4;
  return result;
}

function cidrMatcher(operand: unknown, path: string): Matcher {
  const text = stringOperand(operand, path, 'cidr');
  const [address = '', prefixText] = text.split('/');
  const v4 = parseIPv4(address);
  const v6 = v4 === undefined ? parseIPv6(address) : undefined;
  const bits = v4 !== undefined ? 32 : 128;
  const base = v4 ?? v6;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (
    base === undefined ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > bits ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  ) {
    fail(path, `"cidr" needs an IPv4 or IPv6 CIDR block, got ${JSON.stringify(text)}`);
  }
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = bits === 32 ? parseIPv4(value) : parseIPv6(value);
    return ip !== undefined && (ip & mask) === (base & mask);
  };
}

function exclusion(operator: string, values: string[], path: string): (value: string) => boolean {
  switch (operator) {
    case 'prefix':
      return (value) => values.some((affix) => value.startsWith(affix));
    case 'suffix':
      return (value) => values.some((affix) => value.endsWith(affix));
    case 'equals-ignore-case': {
      const lowered = values.map((v) => v.toLowerCase());
      return (value) => lowered.includes(value.toLowerCase());
    }
    case 'wildcard': {
      const patterns = values.map((v) => wildcardToRegExp(v, path));
      return (value) => patterns.some((re) => re.test(value));
    }
    default:
      fail(path, `"anything-but" does not take ${JSON.stringify(operator)}`);
  }
}

function anythingButMatcher(operand: unknown, path: string): Matcher {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const operator = keys[0];
    if (keys.length !== 1 || operator === undefined) fail(path, '"anything-but" takes one operator');
    const values = stringList(operand[operator], path, `anything-but ${operator}`);
    const excluded = exclusion(operator, values, path);
    return (value) => typeof value === 'string' && !excluded(value);
  }
  const list: unknown[] = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0) fail(path, '"anything-but" needs at least one value');
  const allStrings = list.every((v) => typeof v === 'string');
  const allNumbers = list.every((v) => typeof v === 'number');
  if (!allStrings && !allNumbers) fail(path, '"anything-but" takes strings only or numbers only');
  return (value) => !list.some((excluded) => excluded === value);
}

function compileMatcher(matcher: unknown, path: string, leaf: CompiledLeaf): void {
  if (matcher === null || typeof matcher === 'string' || typeof matcher === 'boolean') {
    leaf.matchers.push((value) => value === matcher);
    return;
  }
  if (typeof matcher === 'number') {
    if (!Number.isFinite(matcher)) fail(path, 'numbers must be finite');
    leaf.matchers.push((value) => value === matcher);
    return;
  }
  if (!isObject(matcher)) fail(path, 'a matcher is a value or an object with one operator');
  const keys = Object.keys(matcher);
  const operator = keys[0];
  if (keys.length !== 1 || operator === undefined) fail(path, 'a matcher object has exactly one operator');
  const operand = matcher[operator];
  const onStrings =
    (test: (value: string) => boolean): Matcher =>
    (value) =>
      typeof value === 'string' && test(value);
  switch (operator) {
    case 'prefix':
    case 'suffix':
      leaf.matchers.push(onStrings(affixMatcher(operand, path, operator)));
      return;
    case 'equals-ignore-case': {
      const wanted = stringOperand(operand, path, operator).toLowerCase();
      leaf.matchers.push(onStrings((value) => value.toLowerCase() === wanted));
      return;
    }
    case 'wildcard': {
      const re = wildcardToRegExp(stringOperand(operand, path, operator), path);
      leaf.matchers.push(onStrings((value) => re.test(value)));
      return;
    }
    case 'anything-but':
      leaf.matchers.push(anythingButMatcher(operand, path));
      return;
    case 'numeric':
      leaf.matchers.push(numericMatcher(operand, path));
      return;
    case 'cidr':
      leaf.matchers.push(cidrMatcher(operand, path));
      return;
    case 'exists':
      if (typeof operand !== 'boolean') fail(path, '"exists" takes true or false');
      if (leaf.exists !== undefined && leaf.exists !== operand) fail(path, 'conflicting exists matchers');
      leaf.exists = operand;
      return;
    default:
      fail(path, `unrecognized operator ${JSON.stringify(operator)}`);
  }
}

function compileObject(pattern: Record<string, unknown>, path: string): CompiledObject {
  const node: CompiledObject = { kind: 'object', fields: [], or: [] };
  for (const [key, value] of Object.entries(pattern)) {
    const here = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) fail(here, '"$or" takes a list of at least two patterns');
      node.or.push(
        value.map((alternative, i) => {
          if (!isObject(alternative) || Object.keys(alternative).length === 0) {
            fail(`${here}[${i}]`, '"$or" alternatives are non-empty objects');
          }
          return compileObject(alternative, `${here}[${i}]`);
        }),
      );
    } else if (Array.isArray(value)) {
      if (value.length === 0) fail(here, 'a field needs at least one matcher');
      const leaf: CompiledLeaf = { kind: 'leaf', matchers: [] };
      value.forEach((matcher) => {
        compileMatcher(matcher, here, leaf);
      });
      node.fields.push([key, leaf]);
    } else if (isObject(value)) {
      if (Object.keys(value).length === 0) fail(here, 'an empty object matches nothing');
      node.fields.push([key, compileObject(value, here)]);
    } else {
      fail(here, 'a field must be an array of matchers or a nested object');
    }
  }
  return node;
}

/** The leaf values a field holds: an array contributes its elements, an object none. */
function leafValues(value: unknown): Leaf[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is Leaf => item === null || typeof item !== 'object');
}

function matchLeaf(leaf: CompiledLeaf, value: unknown): boolean {
  const values = leafValues(value);
  if (leaf.exists === true && values.length > 0) return true;
  if (leaf.exists === false && values.length === 0) return true;
  return leaf.matchers.some((matcher) => values.some((v) => matcher(v)));
}

function matchObject(node: CompiledObject, event: unknown): boolean {
  // An array of objects in the event matches when one of its elements does.
  if (Array.isArray(event)) return event.some((element) => isObject(element) && matchObject(node, element));
  const fields = isObject(event) ? event : {};
  for (const [key, child] of node.fields) {
    const value = fields[key];
    if (child.kind === 'leaf' ? !matchLeaf(child, value) : !matchObject(child, value)) return false;
  }
  return node.or.every((alternatives) => alternatives.some((alternative) => matchObject(alternative, event)));
}

export interface EventPattern {
  readonly source: Json;
  matches(event: unknown): boolean;
}

/** Validates a pattern (a JSON string or a parsed object) and returns its matcher; throws InvalidEventPattern. */
export function compileEventPattern(pattern: unknown): EventPattern {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      throw new InvalidEventPattern('Event pattern is not valid. Reason: not valid JSON');
    }
  }
  if (!isObject(parsed) || Object.keys(parsed).length === 0) fail('', 'a pattern is a non-empty JSON object');
  const compiled = compileObject(parsed, '');
  return { source: parsed as Json, matches: (event) => matchObject(compiled, event) };
}
