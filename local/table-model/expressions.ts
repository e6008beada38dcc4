/**
 * DynamoDB's expression languages (condition, filter, key condition, update, projection), parsed into trees the
 * in-process table evaluates: the grammar of the developer guide's "Expressions" chapter, with its precedence
 * (comparisons, then NOT, AND, OR) and its placeholders (`#name`, `:value`).
 */

import type { Condition, Operand, Path, Update } from './expression-trees.ts';
import { ValidationError } from './expression-trees.ts';

export type { Condition, Operand, Path, Update };
export { ValidationError };

const TOKEN = /\s*(?:(<>|<=|>=|[=<>(),.[\]+-])|(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+))/y;

interface Token {
  text: string;
  kind: 'punct' | 'name' | 'value' | 'word' | 'number';
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) throw new ValidationError(`Invalid expression: unexpected text at ${at}: ${expression.slice(at)}`);
    const [, punct, name, value, word, number] = match;
    if (punct) tokens.push({ text: punct, kind: 'punct' });
    else if (name) tokens.push({ text: name, kind: 'name' });
    else if (value) tokens.push({ text: value, kind: 'value' });
    else if (word) tokens.push({ text: word, kind: 'word' });
    else tokens.push({ text: number as string, kind: 'number' });
  }
  return tokens;
}

/** A recursive-descent reader over one expression's tokens. */
class Reader {
  private readonly tokens: Token[];
  private at = 0;
  private readonly names: Record<string, string>;
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(expression: string, names: Record<string, string> = {}) {
    this.tokens = tokenize(expression);
    this.names = names;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  done() {
    return this.at >= this.tokens.length;
  }
  next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new ValidationError('Invalid expression: unexpected end');
    return token;
  }
  isWord(word: string, offset = 0) {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }
  isPunct(text: string) {
    const token = this.peek();
    return token?.kind === 'punct' && token.text === text;
  }
  expect(text: string) {
    const token = this.next();
    if (token.text.toUpperCase() !== text)
      throw new ValidationError(`Invalid expression: expected ${text}, got ${token.text}`);
  }

  path(): Path {
    const path: Path = [this.name()];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        path.push(this.name());
      } else if (this.isPunct('[')) {
        this.next();
        const index = this.next();
        if (index.kind !== 'number') throw new ValidationError('Invalid expression: a list index must be a number');
        this.expect(']');
        path.push(Number(index.text));
      } else return path;
    }
  }

  private name(): string {
    const token = this.next();
    if (token.kind === 'name') {
      const resolved = this.names[token.text];
      if (resolved === undefined)
        throw new ValidationError(
          `An expression attribute name used in the document path is not defined; attribute name: ${token.text}`,
        );
      this.usedNames.add(token.text);
      return resolved;
    }
    if (token.kind === 'word') {
      if (RESERVED.has(token.text.toUpperCase()))
        throw new ValidationError(
          `Invalid expression: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      return token.text;
    }
    throw new ValidationError(`Invalid expression: expected an attribute name, got ${token.text}`);
  }

  operand(): Operand {
    const token = this.peek();
    if (token?.kind === 'value') {
      this.next();
      this.usedValues.add(token.text);
      return { kind: 'value', name: token.text };
    }
    if (token?.kind === 'word' && this.peek(1)?.text === '(') {
      const fn = token.text;
      this.next();
      this.expect('(');
      let operand: Operand;
      if (fn === 'size') operand = { kind: 'size', path: this.path() };
      else if (fn === 'if_not_exists') {
        const path = this.path();
        this.expect(',');
        operand = { kind: 'if_not_exists', path, fallback: this.operand() };
      } else if (fn === 'list_append') {
        const left = this.operand();
        this.expect(',');
        operand = { kind: 'list_append', left, right: this.operand() };
      } else throw new ValidationError(`Invalid expression: unknown function ${fn}`);
      this.expect(')');
      return operand;
    }
    return { kind: 'path', path: this.path() };
  }

  /** An update's SET value: an operand, or two joined by `+` or `-`. */
  setValue(): Operand {
    const left = this.operand();
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: 'arith', op, left, right: this.operand() };
    }
    return left;
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isWord('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isWord('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', condition: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const token = this.peek();
    if (token?.kind === 'word' && this.peek(1)?.text === '(' && CONDITION_FUNCTIONS.has(token.text)) {
      this.next();
      this.expect('(');
      const fn = token.text;
      let condition: Condition;
      if (fn === 'attribute_exists' || fn === 'attribute_not_exists')
        condition = { kind: 'exists', path: this.path(), exists: fn === 'attribute_exists' };
      else if (fn === 'attribute_type') {
        const path = this.path();
        this.expect(',');
        condition = { kind: 'attribute_type', path, type: this.operand() };
      } else {
        const operand = this.operand();
        this.expect(',');
        condition = { kind: fn as 'begins_with' | 'contains', operand, argument: this.operand() };
      }
      this.expect(')');
      return condition;
    }
    const operand = this.operand();
    if (this.isWord('BETWEEN')) {
      this.next();
      const low = this.operand();
      this.expect('AND');
      return { kind: 'between', operand, low, high: this.operand() };
    }
    if (this.isWord('IN')) {
      this.next();
      this.expect('(');
      const list = [this.operand()];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', operand, list };
    }
    const op = this.next();
    if (!['=', '<>', '<', '<=', '>', '>='].includes(op.text))
      throw new ValidationError(`Invalid expression: expected a comparator, got ${op.text}`);
    return { kind: 'compare', op: op.text as '=', left: operand, right: this.operand() };
  }
}

const CONDITION_FUNCTIONS = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
]);
/** The reserved words closeloop's items could meet (DynamoDB reserves 573; these are the ones worth refusing). */
const RESERVED = new Set([
  'STATUS',
  'COUNT',
  'TTL',
  'TYPE',
  'OWNER',
  'NAME',
  'DATA',
  'DATE',
  'TIMESTAMP',
  'VALUE',
  'SIZE',
  'KEY',
  'ORDER',
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'SET',
  'REMOVE',
  'ADD',
  'DELETE',
  'USER',
  'YEAR',
  'MONTH',
  'DAY',
  'HOUR',
  'SECOND',
]);

/** Parsed expressions, with the placeholders they used (DynamoDB refuses names and values nobody uses). */
export interface Parsed<T> {
  tree: T;
  usedNames: Set<string>;
  usedValues: Set<string>;
}

function whole<T>(reader: Reader, tree: T): Parsed<T> {
  if (!reader.done()) throw new ValidationError(`Invalid expression: unexpected ${reader.peek()?.text}`);
  return { tree, usedNames: reader.usedNames, usedValues: reader.usedValues };
}

function parseConditionUncached(expression: string, names?: Record<string, string>): Parsed<Condition> {
  const reader = new Reader(expression, names);
  return whole(reader, reader.condition());
}

function parseProjectionUncached(expression: string, names?: Record<string, string>): Parsed<Path[]> {
  const reader = new Reader(expression, names);
  const paths = [reader.path()];
  while (reader.isPunct(',')) {
    reader.next();
    paths.push(reader.path());
  }
  return whole(reader, paths);
}

function parseUpdateUncached(expression: string, names?: Record<string, string>): Parsed<Update> {
  const reader = new Reader(expression, names);
  const update: Update = { set: [], remove: [], add: [], delete: [] };
  const seen = new Set<string>();
  while (!reader.done()) {
    const clause = reader.next().text.toUpperCase();
    if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(clause) || seen.has(clause))
      throw new ValidationError(`Invalid UpdateExpression: unexpected ${clause}`);
    seen.add(clause);
    do {
      if (reader.isPunct(',')) reader.next();
      const path = reader.path();
      if (clause === 'SET') {
        reader.expect('=');
        update.set.push({ path, value: reader.setValue() });
      } else if (clause === 'REMOVE') update.remove.push(path);
      else (clause === 'ADD' ? update.add : update.delete).push({ path, value: reader.operand() });
    } while (reader.isPunct(','));
  }
  const touched = [...update.set, ...update.add, ...update.delete].map((a) => a.path).concat(update.remove);
  const keys = touched.map((p) => p.join('.'));
  for (const [i, key] of keys.entries())
    if (
      keys.some((other, j) => j !== i && (other === key || other.startsWith(`${key}.`) || other.startsWith(`${key}[`)))
    )
      throw new ValidationError(`Invalid UpdateExpression: Two document paths overlap with each other; ${key}`);
  return whole(reader, update);
}

/** Parsed once per expression and names: the adapters send the same few expressions millions of times. */
function cached<T>(parse: (expression: string, names?: Record<string, string>) => Parsed<T>) {
  const trees = new Map<string, Parsed<T>>();
  return (expression: string, names?: Record<string, string>): Parsed<T> => {
    const key = names ? `${expression}\u0000${JSON.stringify(names)}` : expression;
    let parsed = trees.get(key);
    if (!parsed) {
      parsed = parse(expression, names);
      if (trees.size < 10_000) trees.set(key, parsed);
    }
    return parsed;
  };
}

export const parseCondition = cached(parseConditionUncached);
export const parseProjection = cached(parseProjectionUncached);
export const parseUpdate = cached(parseUpdateUncached);
