import { defineConfig } from 'drizzle-kit';

/** PostgreSQL (DATABASE_URL): its own schema and migrations beside SQLite's (drizzle.config.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './drizzle-pg',
});
