/**
 * Finds a Python that has the Jupyter parts a command needs, and installs them from Debian
 * packages when that is possible (running as root on Debian) and allowed. Never installs from
 * PyPI and never installs silently: every install is announced and its apt-get output shown.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { canInstallDebianPackages, installDebianPackages } from '../util/debian';

export { canInstallDebianPackages } from '../util/debian';

/** What a command needs Jupyter for. */
export type JupyterUse = 'execute' | 'notebook';

/** Python modules needed per use. */
const REQUIRED_MODULES: Record<JupyterUse, readonly string[]> = {
  execute: ['jupyter_core', 'jupyter_client', 'nbformat', 'nbclient', 'nbconvert'],
  notebook: ['jupyter_core', 'jupyter_client', 'notebook'],
};

/** Debian packages that provide everything `use` needs (install with --no-install-recommends). */
export function debianPackages(use: JupyterUse): string[] {
  const base = ['jupyter-core', 'jupyter-client'];
  return use === 'execute' ? [...base, 'jupyter-nbconvert', 'python3-nbclient'] : [...base, 'jupyter-notebook'];
}

/** A Python interpreter and the Jupyter modules it lacks for some use. */
export interface PythonCheck {
  python: string;
  missing: string[];
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable named `name` on PATH, or null. */
export function which(name: string, path: string = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (existsSync(file) && isExecutable(file)) return file;
  }
  return null;
}

/**
 * The interpreter named by a script's `#!` line (`#!/usr/bin/python3` or `#!/usr/bin/env python3`),
 * or null when the file is not a Python script.
 */
export function shebangPython(script: string): string | null {
  let first: string;
  try {
    first = readFileSync(script, 'utf8').slice(0, 200).split('\n')[0];
  } catch {
    return null;
  }
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return null;
  const [, interp, arg] = m;
  if (interp.endsWith('/env') && arg && /python/.test(arg)) return which(arg);
  return /python/.test(interp) && isAbsolute(interp) ? interp : null;
}

/**
 * Candidate interpreters: only $EMPATHY_LAB_PYTHON when set (e.g. a virtualenv's python with
 * Jupyter), else the one running `jupyter` on PATH, then Debian's /usr/bin/python3.
 */
export function candidatePythons(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.EMPATHY_LAB_PYTHON) return [env.EMPATHY_LAB_PYTHON];
  const out: string[] = [];
  const jupyter = which('jupyter');
  const fromJupyter = jupyter ? shebangPython(jupyter) : null;
  if (fromJupyter) out.push(fromJupyter);
  if (existsSync('/usr/bin/python3')) out.push('/usr/bin/python3');
  return [...new Set(out)];
}

/** Which of the modules `use` needs are missing from `python` (all of them if it does not run). */
export function missingModules(python: string, use: JupyterUse): string[] {
  const modules = REQUIRED_MODULES[use];
  const probe = `import importlib.util as u\nfor m in ${JSON.stringify(modules)}:\n    print(m, u.find_spec(m) is not None)`;
  const r = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
  if (r.status !== 0) return [...modules];
  const found = new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim().split(' '))
      .filter(([, ok]) => ok === 'True')
      .map(([m]) => m),
  );
  return modules.filter((m) => !found.has(m));
}

/** The first candidate Python with everything `use` needs, plus what each candidate lacks. */
export function findJupyterPython(use: JupyterUse): { python: string | null; checks: PythonCheck[] } {
  const checks: PythonCheck[] = [];
  for (const python of candidatePythons()) {
    const missing = missingModules(python, use);
    checks.push({ python, missing });
    if (missing.length === 0) return { python, checks };
  }
  return { python: null, checks };
}

/** How to install what `use` needs, for an error message. */
export function installInstructions(use: JupyterUse): string {
  const pkgs = debianPackages(use).join(' ');
  return [
    `On Debian or Ubuntu: sudo apt-get install --no-install-recommends ${pkgs}`,
    `(or run this command as root on Debian: it installs them itself unless --no-install is given).`,
    `Elsewhere: install Jupyter's ${use === 'execute' ? 'nbconvert and nbclient' : 'classic Notebook (notebook<7)'} so that \`jupyter\` is on PATH.`,
    `A Python that has them can also be named with EMPATHY_LAB_PYTHON=/path/to/python.`,
  ].join('\n');
}

/** Options of {@link ensureJupyter}. */
export interface EnsureJupyterOptions {
  /** Install missing Debian packages when running as root on Debian (default true). */
  install?: boolean;
  /** Progress messages (default console.log). */
  log?: (message: string) => void;
}

/**
 * Returns a Python interpreter with the Jupyter modules `use` needs. When none has them, installs
 * the Debian packages (root on Debian, `install` not false) and looks again; otherwise throws an
 * error that says what is missing and how to get it.
 */
export function ensureJupyter(use: JupyterUse, options: EnsureJupyterOptions = {}): string {
  const log = options.log ?? ((m: string) => console.log(m));
  const first = findJupyterPython(use);
  if (first.python) return first.python;
  const lacking = first.checks.map((c) => `${c.python} lacks ${c.missing.join(', ')}`).join('; ') || 'no python3 found';
  if (options.install !== false && canInstallDebianPackages()) {
    const pkgs = debianPackages(use);
    log(`Jupyter is missing (${lacking}).`);
    installDebianPackages(pkgs, log, installInstructions(use));
    const second = findJupyterPython(use);
    if (second.python) return second.python;
    throw new Error(`Jupyter is still missing after installing ${pkgs.join(' ')}: ${second.checks.map((c) => `${c.python} lacks ${c.missing.join(', ')}`).join('; ')}`);
  }
  throw new Error(`Jupyter is not installed (${lacking}).\n${installInstructions(use)}`);
}
