/* global process */
// `npm start`, step 1: in a development checkout (the TypeScript compiler is installed) build dist/ from
// src/ first, so the bot never runs stale code; in a production install (`npm ci --omit=dev`, as in the
// Docker image) use the dist/ that was built with the image, and say so clearly if it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  tsc = undefined;
}
if (tsc !== undefined) {
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  process.exit(built.status ?? 1);
}
if (!existsSync('dist/main.js')) {
  process.stderr.write(
    'dist/main.js is missing and the TypeScript compiler is not installed: run `npm ci` and `npm run build` first (or use the Docker image, which builds it).\n',
  );
  process.exit(1);
}
