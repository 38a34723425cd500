/**
 * Parser for lme4's model formula language (a pure function of the text).
 *
 * Supported, with R's meaning:
 * - `y ~ a + b`, `a:b` (interaction), `a*b` (= a + b + a:b), `a/b` (= a + a:b), parentheses,
 *   `0 +` / `+ 0` / `- 1` (no intercept), `1 +` (explicit intercept), `x - a` (drop a term),
 *   `factor(x)` (treat a numeric column as a factor), backquoted names (`` `my col` ``).
 * - random-effect terms `(lhs | g)`: `lhs` is a fixed-effect style formula for the varying terms
 *   (`1`, `1 + x`, `0 + x`, `x`, `0 + f`), `g` a grouping factor, `g1:g2` (the interaction factor) or
 *   `g1/g2` (nesting: expands to `(lhs | g1) + (lhs | g2:g1)`, named as lme4 names them);
 *   `(lhs || g)` is lme4's uncorrelated shorthand: one term per column of lhs (`(1 | g) + (0 + x | g)`).
 *
 * Terms are returned in R's order: by degree (main effects, then two-way interactions, ...), in order of
 * first appearance; the variables inside an interaction are ordered by their first appearance in the
 * formula (R's `terms()`), so `y ~ b + a + a:b` has the term `b:a`.
 */

/** A variable used in a term; `asFactor` is true for `factor(x)`. */
export interface VariableRef {
  /** Column name in the data. */
  name: string;
  /** True when written `factor(name)`: treated as a factor even if the column is numeric. */
  asFactor: boolean;
}

/** One model term: a main effect (one variable) or an interaction (several). */
export interface FormulaTerm {
  /** Variables of the term, in formula order of first appearance. */
  variables: VariableRef[];
  /** R's label, e.g. `"source"`, `"A:B"`, `"factor(post)"`. */
  label: string;
}

/** The right-hand side of a formula, expanded into terms. */
export interface TermList {
  /** True unless removed with `0 +` or `- 1`. */
  intercept: boolean;
  /** Terms in R's order (by degree, then first appearance). */
  terms: FormulaTerm[];
}

/** One random-effect term `(lhs | group)` after expansion of `/` and `||`. */
export interface RandomTermSpec {
  /** Varying part, e.g. intercept + `Days` for `(Days | Subject)`. */
  lhs: TermList;
  /** Variables whose interaction forms the grouping factor, e.g. `["post", "rater"]` for `post:rater`. */
  groupVariables: string[];
  /** The grouping factor's name as lme4 prints it, e.g. `"post:rater"`, `"cask:batch"`. */
  group: string;
  /** The term as text, e.g. `"1 | post:rater"`. */
  text: string;
}

/** A parsed formula: response, fixed-effect terms, random-effect terms. */
export interface ParsedFormula {
  /** Response column name. */
  response: string;
  /** Fixed-effect terms. */
  fixed: TermList;
  /** Random-effect terms in formula order (lFormula sorts them by number of levels later). */
  random: RandomTermSpec[];
  /** The formula text as given (trimmed). */
  text: string;
}

/** A formula the parser cannot read; `position` is the 0-based character offset of the problem. */
export class FormulaError extends Error {
  readonly position: number;
  constructor(message: string, formula: string, position: number) {
    super(`${message} in formula "${formula}"${position >= 0 ? ` at character ${position + 1}` : ''}`);
    this.name = 'FormulaError';
    this.position = position;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tokens and syntax tree

type Token =
  | { kind: 'name'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'op'; value: '~' | '+' | '-' | '*' | ':' | '/' | '|' | '||' | '(' | ')'; pos: number };

type Node =
  | { type: 'var'; ref: VariableRef; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'binary'; op: '+' | '-' | '*' | ':' | '/'; left: Node; right: Node; pos: number }
  | { type: 'negate'; arg: Node; pos: number }
  | { type: 'bar'; double: boolean; lhs: Node; group: Node; pos: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '|' && text[i + 1] === '|') {
      tokens.push({ kind: 'op', value: '||', pos: i });
      i += 2;
      continue;
    }
    if ('~+-*:/|()'.includes(ch)) {
      tokens.push({ kind: 'op', value: ch as '~', pos: i });
      i++;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new FormulaError('unclosed backquote', text, i);
      tokens.push({ kind: 'name', value: text.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num && !/[A-Za-z_.]/.test(text[i + num[0].length] ?? '')) {
      tokens.push({ kind: 'number', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_.][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', value: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    throw new FormulaError(`unexpected character '${ch}'`, text, i);
  }
  return tokens;
}

/** Recursive-descent parser. Precedence (low to high): `|`, `+ -`, `* /`, `:`, unary minus, atoms. */
class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && t.value === value;
  }

  private fail(message: string, t?: Token): never {
    throw new FormulaError(message, this.text, t ? t.pos : this.text.length);
  }

  expect(value: string): void {
    if (!this.isOp(value)) this.fail(`expected '${value}'`, this.peek());
    this.i++;
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  /** bar := sum [('|' | '||') sum] */
  parseBar(): Node {
    const lhs = this.parseSum();
    if (this.isOp('|') || this.isOp('||')) {
      const t = this.tokens[this.i++]!;
      const group = this.parseSum();
      return { type: 'bar', double: t.kind === 'op' && t.value === '||', lhs, group, pos: t.pos };
    }
    return lhs;
  }

  /** sum := ['-'] prod (('+' | '-') prod)* */
  parseSum(): Node {
    let left: Node;
    if (this.isOp('-')) {
      const t = this.tokens[this.i++]!;
      left = { type: 'negate', arg: this.parseProd(), pos: t.pos };
    } else {
      left = this.parseProd();
    }
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.tokens[this.i++]! as { value: '+' | '-'; pos: number };
      const right = this.parseProd();
      left = { type: 'binary', op: t.value, left, right, pos: t.pos };
    }
    return left;
  }

  /** prod := inter (('*' | '/') inter)* */
  parseProd(): Node {
    let left = this.parseInter();
    while (this.isOp('*') || this.isOp('/')) {
      const t = this.tokens[this.i++]! as { value: '*' | '/'; pos: number };
      const right = this.parseInter();
      left = { type: 'binary', op: t.value, left, right, pos: t.pos };
    }
    return left;
  }

  /** inter := atom (':' atom)* */
  parseInter(): Node {
    let left = this.parseAtom();
    while (this.isOp(':')) {
      const t = this.tokens[this.i++]!;
      const right = this.parseAtom();
      left = { type: 'binary', op: ':', left, right, pos: t.pos };
    }
    return left;
  }

  parseAtom(): Node {
    const t = this.peek();
    if (t === undefined) this.fail('unexpected end');
    if (t.kind === 'number') {
      this.i++;
      return { type: 'number', value: t.value, pos: t.pos };
    }
    if (t.kind === 'name') {
      this.i++;
      if (this.isOp('(')) {
        // A function call: only factor(x) / as.factor(x) are supported.
        if (t.value !== 'factor' && t.value !== 'as.factor') {
          this.fail(`unsupported function '${t.value}()' (only factor() is supported; transform the column before fitting)`, t);
        }
        this.i++;
        const arg = this.peek();
        if (arg === undefined || arg.kind !== 'name') this.fail('factor() needs a column name', arg);
        this.i++;
        this.expect(')');
        return { type: 'var', ref: { name: arg.value, asFactor: true }, pos: arg.pos };
      }
      return { type: 'var', ref: { name: t.value, asFactor: false }, pos: t.pos };
    }
    if (t.value === '(') {
      this.i++;
      const inner = this.parseBar();
      this.expect(')');
      return inner;
    }
    this.fail(`unexpected '${t.value}'`, t);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Expansion into terms

/** A term as a set of variable keys (key = name, or "factor(name)"). */
type TermSet = string[];

interface Expanded {
  terms: TermSet[];
  /** undefined = not mentioned, true = `1` added, false = removed. */
  intercept: boolean | undefined;
  bars: { node: Extract<Node, { type: 'bar' }> }[];
}

function varKey(ref: VariableRef): string {
  return ref.asFactor ? `factor(${ref.name})` : ref.name;
}

function sameSet(a: TermSet, b: TermSet): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function unionSet(a: TermSet, b: TermSet): TermSet {
  const out = a.slice();
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

function addTerms(into: TermSet[], more: TermSet[]): TermSet[] {
  const out = into.slice();
  for (const t of more) if (!out.some((u) => sameSet(u, t))) out.push(t);
  return out;
}

class Expander {
  /** Variable key -> reference, in order of first appearance. */
  readonly variables = new Map<string, VariableRef>();

  constructor(private readonly text: string) {}

  expand(node: Node, allowBars: boolean): Expanded {
    switch (node.type) {
      case 'var': {
        const key = varKey(node.ref);
        if (!this.variables.has(key)) this.variables.set(key, node.ref);
        return { terms: [[key]], intercept: undefined, bars: [] };
      }
      case 'number':
        if (node.value === 1) return { terms: [], intercept: true, bars: [] };
        if (node.value === 0) return { terms: [], intercept: false, bars: [] };
        throw new FormulaError(`the number ${node.value} is not a term (use 0 or 1 for the intercept)`, this.text, node.pos);
      case 'negate': {
        const inner = this.expand(node.arg, false);
        if (inner.terms.length > 0) {
          return { terms: [], intercept: undefined, bars: [] }; // "- a" with nothing to remove from
        }
        return { terms: [], intercept: inner.intercept === undefined ? undefined : !inner.intercept, bars: [] };
      }
      case 'bar':
        if (!allowBars) throw new FormulaError('a random-effect term (... | g) must stand on its own, added with +', this.text, node.pos);
        return { terms: [], intercept: undefined, bars: [{ node }] };
      case 'binary': {
        if (node.op === '+') {
          const a = this.expand(node.left, allowBars);
          const b = this.expand(node.right, allowBars);
          return {
            terms: addTerms(a.terms, b.terms),
            intercept: b.intercept ?? a.intercept,
            bars: [...a.bars, ...b.bars],
          };
        }
        if (node.op === '-') {
          const a = this.expand(node.left, allowBars);
          const b = this.expand(node.right, false);
          let intercept = a.intercept;
          if (b.intercept !== undefined) intercept = !b.intercept;
          return { terms: a.terms.filter((t) => !b.terms.some((u) => sameSet(t, u))), intercept, bars: a.bars };
        }
        const a = this.expand(node.left, false);
        const b = this.expand(node.right, false);
        if (a.intercept !== undefined || b.intercept !== undefined) {
          throw new FormulaError(`'${node.op}' needs variables on both sides, not 0 or 1`, this.text, node.pos);
        }
        const cross = (): TermSet[] => {
          const out: TermSet[] = [];
          for (const s of a.terms) for (const t of b.terms) {
            const u = unionSet(s, t);
            if (!out.some((v) => sameSet(v, u))) out.push(u);
          }
          return out;
        };
        if (node.op === ':') return { terms: cross(), intercept: undefined, bars: [] };
        if (node.op === '*') return { terms: addTerms(addTerms(a.terms, b.terms), cross()), intercept: undefined, bars: [] };
        // a / b = a + (all variables of a) : b
        const allA = a.terms.reduce<TermSet>((acc, t) => unionSet(acc, t), []);
        const nestedTerms = b.terms.map((t) => unionSet(allA, t));
        return { terms: addTerms(a.terms, nestedTerms), intercept: undefined, bars: [] };
      }
    }
  }

  /** Orders variables inside terms by first appearance and terms by degree (R's terms()). */
  toTermList(e: Expanded, defaultIntercept = true): TermList {
    const order = [...this.variables.keys()];
    const terms = e.terms
      .map((t) => t.slice().sort((x, y) => order.indexOf(x) - order.indexOf(y)))
      .map((t, index) => ({ t, index }))
      .sort((p, q) => p.t.length - q.t.length || p.index - q.index)
      .map(({ t }) => ({ variables: t.map((k) => this.variables.get(k)!), label: t.join(':') }));
    return { intercept: e.intercept ?? defaultIntercept, terms };
  }
}

/** Grouping expression of a bar term -> list of groups (each a list of variable names), lme4's expandSlash. */
function groupingFactors(node: Node, text: string): string[][] {
  const vars = (n: Node): string[] => {
    if (n.type === 'var') return [n.ref.name];
    if (n.type === 'binary' && n.op === ':') return [...vars(n.left), ...vars(n.right)];
    throw new FormulaError('a grouping factor must be a column name, an interaction a:b or a nesting a/b', text, n.pos);
  };
  if (node.type === 'binary' && node.op === '/') {
    // lme4's expandSlash: a/b -> (b:a), (a); (a/b)/c -> c:b:a, b:a, a (most nested first).
    const outer = groupingFactors(node.left, text);
    const inner = vars(node.right);
    return [[...inner, ...outer[0]!], ...outer];
  }
  if (node.type === 'binary' && node.op === '+') {
    throw new FormulaError("use separate terms, (1 | a) + (1 | b), not '+' inside the grouping part", text, node.pos);
  }
  return [vars(node)];
}

function termListText(tl: TermList): string {
  const parts = tl.terms.map((t) => t.label);
  if (!tl.intercept) return ['0', ...parts].join(' + ');
  return parts.length === 0 ? '1' : parts.join(' + ');
}

/**
 * Parses an lme4 formula.
 * @example parseFormula('rating ~ source + (1|post:rater) + (1|post) + (1|rater)')
 *   // { response: 'rating', fixed: { intercept: true, terms: [source] }, random: [3 terms] }
 */
export function parseFormula(formula: string): ParsedFormula {
  const text = formula.trim();
  const tokens = tokenize(text);
  const tilde = tokens.findIndex((t) => t.kind === 'op' && t.value === '~');
  if (tilde < 0) throw new FormulaError("missing '~' (write response ~ terms)", text, -1);
  const lhsTokens = tokens.slice(0, tilde);
  if (lhsTokens.length !== 1 || lhsTokens[0]!.kind !== 'name') {
    throw new FormulaError('the response must be one column name', text, lhsTokens[0]?.pos ?? 0);
  }
  const response = (lhsTokens[0] as { value: string }).value;
  const rhsTokens = tokens.slice(tilde + 1);
  if (rhsTokens.length === 0) throw new FormulaError("nothing after '~'", text, -1);
  const parser = new Parser(rhsTokens, text);
  const tree = parser.parseSum();
  if (!parser.atEnd()) {
    const t = parser.peek()!;
    throw new FormulaError(`unexpected '${t.kind === 'op' ? t.value : String(t.value)}'`, text, t.pos);
  }
  const expander = new Expander(text);
  const top = expander.expand(tree, true);
  const fixedExpander = expander;
  const fixed = fixedExpander.toTermList(top);

  const random: RandomTermSpec[] = [];
  for (const { node } of top.bars) {
    const lhsExpander = new Expander(text);
    const lhsExpanded = lhsExpander.expand(node.lhs, false);
    const lhs = lhsExpander.toTermList(lhsExpanded);
    const groups = groupingFactors(node.group, text);
    // `||`: one term per column of lhs (lme4's expandDoubleVerts splits by terms of lhs).
    const lhsParts: TermList[] = node.double
      ? [
          ...(lhs.intercept ? [{ intercept: true, terms: [] }] : []),
          ...lhs.terms.map((t) => ({ intercept: false, terms: [t] })),
        ]
      : [lhs];
    for (const g of groups) {
      for (const part of lhsParts) {
        const group = g.join(':');
        random.push({ lhs: part, groupVariables: g, group, text: `${termListText(part)} | ${group}` });
      }
    }
  }
  return { response, fixed, random, text };
}

/** The fixed-effect part of a formula as text (lme4's nobars()), e.g. `"rating ~ source"`. */
export function fixedFormulaText(f: ParsedFormula): string {
  return `${f.response} ~ ${termListText(f.fixed)}`;
}
