/**
 * Lambda event filtering (the `FilterCriteria` of an event source mapping), evaluated here so
 * the tests can pass the stream records DynamoDB would emit through the template's own
 * patterns, as Lambda's poller does before publish-feed ever sees them.
 *
 * Written by hand because no maintained npm package implements the filter-rule syntax (AWS's
 * own engine is the Java library aws/event-ruler; the npm registry has no port of it), and
 * the syntax is small. Held to every example of AWS's documentation in
 * test/infra/filter-rules.test.ts:
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

export class FilterPatternError extends Error {
  override name = 'FilterPatternError';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Rule = Json;

const isObject = (value: unknown): value is Record<string, Json> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A record passes a FilterCriteria when it matches any one of its patterns (at most ten). */
export function passesFilterCriteria(record: unknown, criteria: { Filters?: { Pattern?: string }[] } | undefined): boolean {
  const filters = criteria?.Filters ?? [];
  if (filters.length === 0) return true;
  return filters.some((filter, n) => {
    if (typeof filter.Pattern !== 'string') throw new FilterPatternError(`Filters[${n}].Pattern is not a string`);
    let pattern: unknown;
    try {
      pattern = JSON.parse(filter.Pattern);
    } catch (error) {
      throw new FilterPatternError(`Filters[${n}].Pattern is not JSON: ${(error as Error).message}`);
    }
    return matchesPattern(record, pattern);
  });
}

/** Whether `event` matches one event pattern (a JSON object of fields to rule lists). */
export function matchesPattern(event: unknown, pattern: unknown, where = '$'): boolean {
  if (!isObject(pattern)) throw new FilterPatternError(`${where}: a pattern is a JSON object, got ${JSON.stringify(pattern)}`);
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      if (!Array.isArray(rule) || rule.length < 2) throw new FilterPatternError(`${where}.$or: needs a list of at least two patterns`);
      return rule.some((alternative, n) => matchesPattern(event, alternative, `${where}.$or[${n}]`));
    }
    const present = isObject(event) && Object.hasOwn(event, key);
    const value = present ? (event as Record<string, unknown>)[key] : undefined;
    if (isObject(rule)) return present && matchesPattern(value, rule, `${where}.${key}`);
    if (!Array.isArray(rule)) throw new FilterPatternError(`${where}.${key}: a leaf rule is a list, got ${JSON.stringify(rule)}`);
    return matchesLeaf(present, value, rule, `${where}.${key}`);
  });
}

/** A leaf matches when any rule of its list matches the value (or any element of an array value). */
function matchesLeaf(present: boolean, value: unknown, rules: Rule[], where: string): boolean {
  // exists is about the field, not its values: an absent field matches only {exists: false}.
  if (!present) return rules.some((rule) => isObject(rule) && rule.exists === false);
  // An array in the event matches when any of its elements does (EventBridge's rule for arrays).
  const values = Array.isArray(value) ? value : [value];
  return rules.some((rule) => {
    if (isObject(rule) && 'exists' in rule) {
      if (typeof rule.exists !== 'boolean') throw new FilterPatternError(`${where}: exists takes true or false`);
      return rule.exists === true;
    }
    return values.some((one) => matchesRule(one, rule, where));
  });
}

function matchesRule(value: unknown, rule: Rule, where: string): boolean {
  if (!isObject(rule)) {
    // Exact match: strings character by character, no case-folding; null matches null; "" matches "".
    return value === rule;
  }
  const operators = Object.keys(rule);
  if (operators.length !== 1) throw new FilterPatternError(`${where}: one operator per rule object, got ${operators.join(', ') || 'none'}`);
  const operator = operators[0]!;
  const argument = rule[operator]!;
  switch (operator) {
    case 'prefix':
      return stringTest(value, argument, where, (text, arg) => text.startsWith(arg), (text, arg) => text.toLowerCase().startsWith(arg.toLowerCase()));
    case 'suffix':
      return stringTest(value, argument, where, (text, arg) => text.endsWith(arg), (text, arg) => text.toLowerCase().endsWith(arg.toLowerCase()));
    case 'equals-ignore-case':
      if (typeof argument !== 'string') throw new FilterPatternError(`${where}: equals-ignore-case takes a string`);
      return typeof value === 'string' && value.toLowerCase() === argument.toLowerCase();
    case 'wildcard':
      if (typeof argument !== 'string') throw new FilterPatternError(`${where}: wildcard takes a string`);
      return typeof value === 'string' && wildcardRegExp(argument).test(value);
    case 'numeric':
      return numericTest(value, argument, where);
    case 'cidr':
      if (typeof argument !== 'string') throw new FilterPatternError(`${where}: cidr takes a string`);
      return typeof value === 'string' && inCidr(value, argument, where);
    case 'anything-but':
      return anythingBut(value, argument, where);
    default:
      throw new FilterPatternError(`${where}: unknown operator "${operator}"`);
  }
}

function stringTest(
  value: unknown,
  argument: Json,
  where: string,
  exact: (text: string, arg: string) => boolean,
  ignoringCase: (text: string, arg: string) => boolean,
): boolean {
  if (typeof value !== 'string') return false;
  if (typeof argument === 'string') return exact(value, argument);
  if (isObject(argument) && typeof argument['equals-ignore-case'] === 'string') return ignoringCase(value, argument['equals-ignore-case']);
  throw new FilterPatternError(`${where}: prefix and suffix take a string or {"equals-ignore-case": string}`);
}

function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .split(/(\\\*|\\\\|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part === '\\\\' ? '\\\\' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numericTest(value: unknown, argument: Json, where: string): boolean {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0) {
    throw new FilterPatternError(`${where}: numeric takes pairs of operator and number, as [">", 0, "<=", 5]`);
  }
  const checks: [(a: number, b: number) => boolean, number][] = [];
  for (let i = 0; i < argument.length; i += 2) {
    const operator = argument[i];
    const bound = argument[i + 1];
    const test = typeof operator === 'string' ? NUMERIC_OPERATORS[operator] : undefined;
    if (!test || typeof bound !== 'number') throw new FilterPatternError(`${where}: numeric: "${String(operator)}" ${JSON.stringify(bound)} is not an operator and a number`);
    checks.push([test, bound]);
  }
  return typeof value === 'number' && checks.every(([test, bound]) => test(value, bound));
}

function anythingBut(value: unknown, argument: Json, where: string): boolean {
  if (Array.isArray(argument)) return !argument.some((excluded) => value === excluded);
  if (isObject(argument)) {
    const [operator, ...more] = Object.keys(argument);
    if (!operator || more.length) throw new FilterPatternError(`${where}: anything-but takes one operator`);
    const inner = argument[operator]!;
    if (typeof value !== 'string') return false;
    // Each inner operator takes one string or a list of them; the value must match none.
    const listed = Array.isArray(inner) ? inner : [inner];
    if (!listed.every((item) => typeof item === 'string')) throw new FilterPatternError(`${where}: anything-but ${operator} takes strings`);
    const strings = listed as string[];
    switch (operator) {
      case 'prefix':
        return !strings.some((item) => value.startsWith(item));
      case 'suffix':
        return !strings.some((item) => value.endsWith(item));
      case 'equals-ignore-case':
        return !strings.some((item) => value.toLowerCase() === item.toLowerCase());
      case 'wildcard':
        return !strings.some((item) => wildcardRegExp(item).test(value));
      default:
        throw new FilterPatternError(`${where}: anything-but does not take "${operator}"`);
    }
  }
  return value !== argument;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}

function inCidr(value: string, cidr: string, where: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const start = ipv4(base ?? '');
  const bits = Number(bitsText);
  if (start === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) throw new FilterPatternError(`${where}: cidr "${cidr}" is not an IPv4 block`);
  const address = ipv4(value);
  if (address === undefined) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(start / size);
}
