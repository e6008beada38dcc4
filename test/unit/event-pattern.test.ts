import { describe, expect, it } from 'vitest';
import { compileEventPattern, InvalidEventPattern } from '../../local/eventbridge/pattern.ts';
import { eventOf, invalidPatterns, patternCases } from '../fixtures/eventbridge/pattern-conformance.ts';

describe('EventBridge pattern matching, as the user guide documents it', () => {
  it.each(patternCases)('$name', (testCase) => {
    expect(compileEventPattern(testCase.pattern).matches(eventOf(testCase))).toBe(testCase.matches);
  });

  it.each(invalidPatterns)('refuses $name', ({ pattern }) => {
    expect(() => compileEventPattern(pattern)).toThrow(InvalidEventPattern);
  });

  it('accepts a pattern given as JSON text, as the API sends it', () => {
    expect(
      compileEventPattern('{"source":["aws.ec2"]}').matches(eventOf({ name: '', pattern: {}, matches: true })),
    ).toBe(true);
    expect(() => compileEventPattern('{"source":')).toThrow(InvalidEventPattern);
  });
});
