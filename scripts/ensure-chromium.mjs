// Element tests need a Chromium. Find one; on Debian as root, install it; otherwise say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(
      `No Chromium at ${path}. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) ` +
        `or set CHROME_PATH to a Chromium/Chrome binary.`,
    );
    process.exit(1);
  }
  console.log('Chromium not found: installing Debian\'s chromium package…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
}
