// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const discordOnly = {
  group: ['discord.js', 'discord.js/*', '@discordjs/*'],
  message: 'Only src/discord/ talks to Discord.',
};
const dbOnly = {
  group: ['drizzle-orm', 'drizzle-orm/*', 'drizzle-kit', 'better-sqlite3', 'pg', 'pg-*', 'postgres'],
  message: 'SQL and database drivers stay in src/db/.',
};
const cronOnly = { group: ['node-cron'], message: 'Only src/jobs/ schedules.' };
const layer = (name, message) => ({ group: [`**/${name}/*`, `**/${name}`], message });
/** What services and db/ may not import (services add the database: they go through the Store port). */
const servicesPatterns = [
  discordOnly,
  cronOnly,
  layer('discord', 'Services know no transport.'),
  layer('jobs', 'Services are called by jobs, not the other way.'),
  layer('adapters', 'Services declare ports; main.ts passes the adapters in.'),
  layer('ops', 'Health and metrics are wired in main.ts.'),
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'drizzle', 'drizzle-pg', 'bench/.data'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
        { object: 'Date', property: 'now', message: 'Time comes from the clock (deps.clock).' },
      ],
    },
  },
  { files: ['src/config.ts', 'src/clock.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            discordOnly,
            dbOnly,
            cronOnly,
            { group: ['pino'], message: 'The domain does no I/O.' },
            ...['services', 'db', 'discord', 'jobs', 'adapters', 'ops'].map((outer) =>
              layer(outer, 'The domain depends on nothing outside itself.'),
            ),
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The domain does no I/O.' }],
    },
  },
  {
    files: ['src/services/**/*.ts', 'src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: servicesPatterns }],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Services do no network I/O of their own: declare a port (ports.ts).' },
      ],
    },
  },
  {
    // Services reach the data only through the Store port: no SQL, drizzle, driver or db/ module.
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...servicesPatterns,
            { ...dbOnly, message: 'Services go through the Store port (deps.store).' },
            layer('db', 'Services go through the Store port; src/db/ implements it.'),
          ],
        },
      ],
    },
  },
  {
    // Health and metrics: plain HTTP and prom-client over numbers main.ts hands in.
    files: ['src/ops/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            discordOnly,
            dbOnly,
            cronOnly,
            layer('db', 'ops reads health through the checks main.ts passes in.'),
            layer('discord', 'ops reads the gateway through the checks main.ts passes in.'),
            layer('services', 'ops knows numbers, not use cases.'),
          ],
        },
      ],
    },
  },
  {
    // Adapters implement the services' ports over some I/O (HTTP for photos); main.ts wires them in.
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            discordOnly,
            dbOnly,
            cronOnly,
            layer('discord', 'Adapters implement ports; they know no Discord client.'),
            layer('db', 'Adapters implement ports; storage is src/db/.'),
            layer('jobs', 'Adapters implement ports; they do not schedule.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/discord/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            dbOnly,
            cronOnly,
            layer('db', 'Discord code goes through services.'),
            layer('jobs', 'Discord code does not schedule.'),
            layer('adapters', 'Discord code goes through services; main.ts wires adapters.'),
            layer('ops', 'Discord code reports through hooks main.ts passes in (observe).'),
          ],
        },
      ],
    },
  },
  {
    // The REST proxy: its own process over @discordjs/rest and @discordjs/proxy, sharing only the pacer.
    files: ['src/restProxy/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['discord.js', 'discord.js/*'],
              message: 'The proxy forwards with @discordjs/rest and @discordjs/proxy; it runs no bot client.',
            },
            dbOnly,
            cronOnly,
            {
              group: ['**/discord/*', '!**/discord/paceRequests.js'],
              message: 'The proxy shares only the request pacer with the bot.',
            },
            layer('db', 'The proxy keeps no data.'),
            layer('services', 'The proxy knows requests, not use cases.'),
            layer('domain', 'The proxy knows requests, not use cases.'),
            layer('jobs', 'The proxy schedules nothing.'),
            layer('adapters', 'The proxy has no ports to implement.'),
            layer('ops', 'The proxy serves no health of the bot.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            discordOnly,
            dbOnly,
            layer('db', 'Jobs go through services.'),
            layer('discord', 'Jobs use the Notifier port.'),
            layer('adapters', 'Jobs go through services.'),
            layer('ops', 'Jobs report through callbacks main.ts passes in.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/main.ts', 'src/config.ts', 'src/clock.ts', 'src/logger.ts', 'src/deployCommands.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [discordOnly] }],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/test/*', '**/test/**'],
              message: 'Tests are not a library: shared code belongs in src/ or packages/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/test/**', '**/scripts/**', '**/bench/**'],
              message: 'A package stands alone: it imports nothing from the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
