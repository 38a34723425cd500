/**
 * The kernel's fast imports (jupyter/kernel/fast-imports.cjs, installed by preload.cjs): tslab's converter
 * emits project .ts files as one-line modules that Node loads through esbuild, and skips re-checking their
 * bodies; the cell itself is still type-checked. Each case runs in its own node process with the kernel's
 * preload, as the kernel does, and drives tslab's own converter.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths';

const ROOT = projectRoot();
const FIXTURE = 'tests/notebook/fixtures/fast-imports';
const { isProjectSource, stubModule } = createRequire(import.meta.url)('../../jupyter/kernel/fast-imports.cjs') as {
  isProjectSource: (fileName: string, root: string) => boolean;
  stubModule: (fileName: string) => string;
};

/** Runs a CommonJS snippet with node in the project root; `preload` adds the kernel's preload (-r). */
function node(code: string, env: NodeJS.ProcessEnv = {}, preload = true): { status: number | null; stdout: string; stderr: string } {
  const args = [...(preload ? ['-r', './jupyter/kernel/preload.cjs'] : []), '-e', code];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Converts two cells with tslab's converter, then runs what tslab would run for the first one: its side
// outputs (the imported files) and the cell's own output, with tslab's executor-style require.
const CONVERT = `
const { createConverter } = require('tslab/dist/converter.js');
const conv = createConverter();
const cell = conv.convert('', "import { bumpTwice, counter } from './${FIXTURE}/user';\\nimport { bump } from './${FIXTURE}/counter';\\nconst a = bumpTwice();\\nconst b = bump(10);");
const side = (cell.sideOutputs || []).map((o) => ({ path: require('path').relative(process.cwd(), o.path), data: o.data }));
const bad = conv.convert(cell.declOutput, 'const s: string = bumpTwice;');
conv.close();
console.log(JSON.stringify({ diagnostics: cell.diagnostics.length, side, bad: bad.diagnostics.map((d) => d.messageText), extensions: Object.keys(require.extensions) }));
`;

describe('kernel fast imports', { timeout: 120_000 }, () => {
  it('project .ts files (not declarations, node_modules or tslab cell files) are the ones loaded by Node', () => {
    expect(isProjectSource(join(ROOT, 'src/model/fit.ts'), ROOT)).toBe(true);
    expect(isProjectSource(join(ROOT, 'src/x.tsx'), ROOT)).toBe(true);
    expect(isProjectSource(join(ROOT, 'src/x.d.ts'), ROOT)).toBe(false);
    expect(isProjectSource(join(ROOT, 'src/x.js'), ROOT)).toBe(false);
    expect(isProjectSource(join(ROOT, 'node_modules/pkg/index.ts'), ROOT)).toBe(false);
    expect(isProjectSource(join(ROOT, '__tslab__.ts'), ROOT)).toBe(false);
    expect(isProjectSource('/elsewhere/x.ts', ROOT)).toBe(false);
    expect(stubModule('/p/a "b".ts')).toBe('module.exports = require("/p/a \\"b\\".ts");\n');
  });

  it("tslab emits each imported file as a stub requiring the real file; the cell's type errors are still reported", () => {
    const r = node(CONVERT);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/tslab compiles imported files itself/);
    const out = JSON.parse(r.stdout) as { diagnostics: number; side: { path: string; data: string }[]; bad: string[]; extensions: string[] };
    expect(out.diagnostics).toBe(0);
    expect(out.side.map((s) => s.path).sort()).toEqual([`${FIXTURE}/counter.js`, `${FIXTURE}/user.js`]);
    for (const s of out.side) expect(s.data).toBe(`module.exports = require(${JSON.stringify(join(ROOT, s.path.replace(/\.js$/, '.ts')))});\n`);
    expect(out.bad.join('\n')).toMatch(/Type '\(\) => number' is not assignable to type 'string'/);
    expect(out.extensions).toContain('.ts');
  });

  it('without the patch (EMPATHY_LAB_TSLAB_FULL_COMPILE=1) tslab compiles the files itself, to the same behaviour', () => {
    const r = node(CONVERT, { EMPATHY_LAB_TSLAB_FULL_COMPILE: '1' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { side: { path: string; data: string }[]; bad: string[]; extensions: string[] };
    expect(out.side.find((s) => s.path.endsWith('counter.js'))!.data).toContain('exports.bump = bump;');
    expect(out.bad.join('\n')).toMatch(/Type '\(\) => number' is not assignable to type 'string'/);
    expect(out.extensions).not.toContain('.ts');
  });

  it('one instance per module whichever path loads it; errors point at the .ts line', () => {
    const r = node(`
      // what tslab's executor does with a side output: compile the stub as a module of its own
      const { stubModule } = require('./jupyter/kernel/fast-imports.cjs');
      const stub = (f) => { const m = new module.constructor(f); m.paths = module.paths; m._compile(stubModule(require('path').resolve(f)), f + '.js'); return m.exports; };
      const user = stub('${FIXTURE}/user.ts');
      const counter = stub('${FIXTURE}/counter.ts');
      user.bumpTwice();
      counter.bump(10);
      let stack = '';
      try { counter.fail(); } catch (e) { stack = e.stack; }
      console.log(JSON.stringify({ count: user.counter.count, same: user.counter === counter.counter, stack }));
    `);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { count: number; same: boolean; stack: string };
    expect(out).toMatchObject({ count: 12, same: true });
    expect(out.stack).toMatch(/thrown in counter\.ts\n\s+at (Object\.)?fail \(.*fixtures\/fast-imports\/counter\.ts:9:\d+\)/);
  });
});
