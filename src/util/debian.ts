/**
 * Installing Debian packages the project needs (Jupyter, Chromium) when that is possible and allowed:
 * root on Debian with apt-get. Never silent: the command is announced and apt-get's output shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** True when Debian packages can be installed here without asking: root on Debian with apt-get. */
export function canInstallDebianPackages(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/** Runs apt-get update and apt-get install --no-install-recommends `packages`; throws with `hint` on failure. */
export function installDebianPackages(packages: readonly string[], log: (message: string) => void, hint = ''): void {
  log(`Installing Debian packages: apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  if (update.status !== 0) throw new Error(`apt-get update failed (exit ${update.status}).${hint ? `\n${hint}` : ''}`);
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status !== 0) throw new Error(`apt-get install failed (exit ${install.status}).${hint ? `\n${hint}` : ''}`);
}
