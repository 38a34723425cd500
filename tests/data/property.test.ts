/**
 * Property: on mangled CSV text (random bytes, truncation, deleted separators, stray quotes, BOM, CRLF, ...)
 * the loaders either succeed with valid records or throw their own DataError, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, parseCsv, parseLongRatings } from '../../src/data/index';
import { parseLee2024Responses, parseLee2024Wide, type WideDesign } from '../../src/studies/lee2024/index';

const LONG = Buffer.from(
  'participant,item,condition,question,score,comment\n' +
    'p1,1,human,empathy,4,"fine, ""really""\nok"\n' +
    'p1,1,gpt,empathy,5,\n' +
    'p2,1,human,appropriateness,3,x\n' +
    'p2,2,gpt,empathy,2,\n' +
    'p3,2,human,empathy,1,"y"\n',
);
const WIDE = Buffer.from(
  'GroupID,SubjectNum,ProlificID,s1_human_app,s1_human_emp,s1_gptbase_app,s1_gptbase_emp,s2_human_app,s2_human_emp,s2_gptbase_app,s2_gptbase_emp,age,native language\n' +
    '1,1,x5f0c2a9b3e1d4c7a8b6e2f1,5,4,4,4,3,3,5,5,24,English\n' +
    '1,2,x0a1b2c3d4e5f60718293a4b,3,2,,,4,4,5,4,31,"English, Spanish"\n' +
    '1,3,x123456789abcdef01234567,1,1,2,2,3,3,4,4,,\n',
);
const RESP = Buffer.from(
  '\uFEFFpost_num,domain,length,seeker_post,human,gpt_base\r\n' +
    '1,work,12,"My boss, ""again"".\r\nHelp?","I hear you.\r\nReally.",Hello\r\n' +
    '2,relationship,30,short post,"ok",fine 😊\r\n',
);
const DESIGN: WideDesign = { study: 1, group: 1, posts: [1, 2], rawSources: ['human', 'gptbase'] };
const DOMAINS = new Map([
  [1, 'work'],
  [2, 'relationship'],
]);

type Mutation = (b: Buffer) => Buffer;
const at = (b: Buffer, f: number) => Math.min(b.length, Math.floor(f * (b.length + 1)));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f): Mutation => (b) => b.subarray(0, at(b, f))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(
    ([f, bytes]): Mutation =>
      (b) => Buffer.concat([b.subarray(0, at(b, f)), Buffer.from(bytes), b.subarray(at(b, f))]),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(',', '\n', '"')).map(
    ([f, sep]): Mutation =>
      (b) => {
        const hits = [...b.keys()].filter((i) => b[i] === sep.charCodeAt(0));
        if (hits.length === 0) return b;
        const i = hits[Math.min(hits.length - 1, Math.floor(f * hits.length))]!;
        return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      },
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('"', '""', ',', '\r', '\n', '\r\n', '\uFEFF', '\u0000', 'é', '😊', ' ')).map(
    ([f, s]): Mutation =>
      (b) => Buffer.concat([b.subarray(0, at(b, f)), Buffer.from(s), b.subarray(at(b, f))]),
  ),
  fc.constant<Mutation>((b) => Buffer.concat([Buffer.from('\uFEFF'), b])),
  fc.constant<Mutation>((b) => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r\n'))),
  fc.constant<Mutation>((b) => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r'))),
  fc.uint8Array({ maxLength: 200 }).map((bytes): Mutation => () => Buffer.from(bytes)),
);
const mangled = (base: Buffer) => fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((b, m) => m(b), base));

/** Runs `f`; true on success or a DataError, rethrows anything else (fast-check then shrinks and reports it). */
function onlyDataErrors(f: () => void): boolean {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) {
      expect(e.message.length).toBeGreaterThan(0);
      return true;
    }
    throw e;
  }
  return true;
}

const RUNS = 400;

describe('loaders on mangled CSV', () => {
  it('parseLongRatings: success with on-scale ratings, or a DataError', () => {
    fc.assert(
      fc.property(mangled(LONG), (bytes) =>
        onlyDataErrors(() => {
          const r = parseLongRatings(bytes, 'fuzz.csv', {
            columns: { rater: 'participant', post: 'item', source: 'condition', rating: 'score', measure: 'question' },
            scale: { min: 1, max: 5 },
          });
          for (const x of r.records) if (!(Number.isInteger(x.rating) && x.rating >= 1 && x.rating <= 5)) throw new Error(`bad rating ${x.rating}`);
          if (r.report.rowsKept !== r.records.length) throw new Error('report disagrees with records');
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('parseLongRatings with invalid: drop: success or a DataError', () => {
    fc.assert(
      fc.property(mangled(LONG), (bytes) =>
        onlyDataErrors(() => {
          const r = parseLongRatings(bytes, 'fuzz.csv', {
            columns: { rater: 'participant', post: 'item', source: 'condition', rating: 'score' },
            scale: { min: 1, max: 5 },
            invalid: 'drop',
          });
          if (r.report.rowsKept + r.report.rowsDropped !== r.report.rowsIn) throw new Error('rows in != kept + dropped');
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('parseLee2024Wide: success without personal ids, or a DataError', () => {
    fc.assert(
      fc.property(mangled(WIDE), fc.boolean(), (bytes, drop) =>
        onlyDataErrors(() => {
          const r = parseLee2024Wide(parseCsv(bytes, 'wide.csv'), DESIGN, DOMAINS, { invalid: drop ? 'drop' : 'error' });
          for (const x of r.ratings) if (!(Number.isInteger(x.rating) && x.rating >= 1 && x.rating <= 5)) throw new Error(`bad rating ${x.rating}`);
          if (/x5f0c2a9b3e1d4c7a8b6e2f1|x0a1b2c3d4e5f60718293a4b/.test(JSON.stringify(r))) throw new Error('a Prolific id leaked');
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('parseLee2024Responses: success or a DataError', () => {
    fc.assert(
      fc.property(mangled(RESP), (bytes) => onlyDataErrors(() => void parseLee2024Responses(parseCsv(bytes, 'resp.csv'), 1))),
      { numRuns: RUNS },
    );
  });

  it('the unmangled inputs load (so the properties test the loaders, not a broken base)', () => {
    expect(parseLongRatings(LONG, 'l.csv', { columns: { rater: 'participant', post: 'item', source: 'condition', rating: 'score', measure: 'question' }, scale: { min: 1, max: 5 } }).records).toHaveLength(5);
    expect(parseLee2024Wide(parseCsv(WIDE, 'w.csv'), DESIGN, DOMAINS).ratings).toHaveLength(22);
    expect(parseLee2024Responses(parseCsv(RESP, 'r.csv'), 1).responses).toHaveLength(4);
  });
});
