import { defineConfig } from 'vitest/config';

/**
 * The service tests that touch storage: they run once more, on PostgreSQL (test/support/backends.ts).
 * checkIns.dst.test.ts is left to SQLite: it walks days of ticks for the schedule's sake (8 s on PostgreSQL),
 * and the storage it touches is checkIns.test.ts's.
 */
const ON_BOTH_BACKENDS = [
  'test/services/cats.test.ts',
  'test/services/checkIns.test.ts',
  'test/services/checkInPause.test.ts',
  'test/services/sessions.test.ts',
  'test/services/myData.test.ts',
  'test/services/outbox.test.ts',
  'test/services/community.test.ts',
  'test/services/communityDigest.test.ts',
  'test/services/communityPhotos.test.ts',
  // The real bot against the local Discord-compatible server (errors.test.ts breaks SQLite on purpose).
  'test/e2e/cats.test.ts',
  'test/e2e/checkins.test.ts',
  'test/e2e/community.test.ts',
  'test/e2e/households.test.ts',
  'test/e2e/log.test.ts',
  'test/e2e/mydata.test.ts',
  'test/e2e/progress.test.ts',
  'test/e2e/session.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One throwaway PostgreSQL server for the whole run (both projects share it).
    globalSetup: ['test/support/pgServer.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: ['test/pg/**', 'test/multiprocess/**'],
          provide: { backend: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          // test/multiprocess: several bot processes need one shared database, so PostgreSQL only.
          include: [...ON_BOTH_BACKENDS, 'test/pg/**/*.test.ts', 'test/multiprocess/**/*.test.ts'],
          provide: { backend: 'postgres' },
        },
      },
    ],
  },
});
