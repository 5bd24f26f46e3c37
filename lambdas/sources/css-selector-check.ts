/**
 * Checks a registry selector the way cheerio will read it, so a typo in a source's JSON
 * is reported when the registry loads (naming the file, source and field) rather than
 * when a poll or `rujp sources --check` first uses it.
 *
 * Syntax is checked by css-what, the parser cheerio's selector engine (cheerio-select over
 * css-select) itself runs. css-what accepts some selectors that css-select then refuses at
 * compile time: pseudo-elements, the column combinator, unknown pseudo-classes, arguments
 * where none are taken, and n-th formulas that do not parse. Those rules are restated here
 * rather than compiling with css-select, which would put about 100 KiB (css-select with
 * domutils and entities) into the cold start of the schedule Lambda, which never runs a
 * selector; css-what is under 5 KiB. test/sources/css-selector-check.test.ts holds these
 * lists and rules against the installed cheerio, so an upgrade that changes them fails there.
 */
import { parse, type Selector } from 'css-what';

/** Pseudo-classes that take a selector list (css-select's subselects). */
export const SUBSELECT_PSEUDOS: readonly string[] = ['is', 'matches', 'where', 'not', 'has'];
/** css-select filters that need an n-th formula. */
export const NTH_PSEUDOS: readonly string[] = ['nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type'];
/** Other css-select filters; an argument is read (:contains) or ignored, never refused. */
export const FILTER_PSEUDOS: readonly string[] = ['contains', 'icontains', 'root', 'scope', 'hover', 'visited', 'active'];
/** css-select pseudos and aliases: no argument allowed. */
export const PLAIN_PSEUDOS: readonly string[] = [
  'empty', 'first-child', 'last-child', 'first-of-type', 'last-of-type', 'only-of-type', 'only-child',
  'any-link', 'link', 'disabled', 'enabled', 'checked', 'required', 'optional', 'selected', 'checkbox',
  'file', 'password', 'radio', 'reset', 'image', 'submit', 'parent', 'header', 'button', 'input', 'text',
];
/** jQuery-style positions cheerio-select adds, at the top level or inside :not() only. */
export const POSITIONAL_PSEUDOS: readonly string[] = ['first', 'last', 'eq', 'gt', 'nth', 'lt', 'even', 'odd'];

const SUBSELECT = new Set(SUBSELECT_PSEUDOS);
const NTH = new Set(NTH_PSEUDOS);
const FILTER = new Set(FILTER_PSEUDOS);
const PLAIN = new Set(PLAIN_PSEUDOS);
const POSITIONAL = new Set(POSITIONAL_PSEUDOS);

// nth-check's grammar: even | odd | [+-]?INTEGER?n [S* [+-] S* INTEGER]? | [+-]?INTEGER (S: CSS white space).
const NTH_FORMULA = /^(?:even|odd|[+-]?\d*n[ \t\n\f\r]*(?:[+-]?[ \t\n\f\r]*\d+)?|[+-]?\d+)$/;

/**
 * Why cheerio would refuse `selector`, or null when it reads it.
 *
 * @example selectorProblem('.text-block[[') // 'Expected name, found ['
 * @example selectorProblem('h1.title')      // null
 */
export function selectorProblem(selector: string): string | null {
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch (error) {
    return (error as Error).message;
  }
  return listProblem(parsed, true);
}

function listProblem(list: Selector[][], topLevel: boolean): string | null {
  for (const compound of list) {
    for (const token of compound) {
      const problem = tokenProblem(token, topLevel);
      if (problem) return problem;
    }
  }
  return null;
}

function tokenProblem(token: Selector, topLevel: boolean): string | null {
  if (token.type === 'pseudo-element') return `pseudo-elements (::${token.name}) are not supported`;
  if (token.type === 'column-combinator') return 'the column combinator (||) is not supported';
  if (token.type !== 'pseudo') return null;
  const { name, data } = token;
  if (Array.isArray(data)) {
    if (!SUBSELECT.has(name)) return `unknown pseudo-class :${name}()`;
    // cheerio-select takes positions out of the top level and out of :not(); elsewhere css-select sees them.
    return listProblem(data, topLevel && name === 'not');
  }
  if (POSITIONAL.has(name) && topLevel) return null;
  if (NTH.has(name)) {
    if (data === null) return `:${name} needs an argument, like :${name}(2n+1)`;
    return NTH_FORMULA.test(data.trim().toLowerCase()) ? null : `:${name}(${data}) is not an n-th formula like 2n+1, odd or 3`;
  }
  if (FILTER.has(name)) return null;
  if (PLAIN.has(name)) return data === null ? null : `:${name} takes no argument`;
  return `unknown pseudo-class :${name}`;
}
