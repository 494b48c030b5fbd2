/** The sessions area on PostgreSQL. */
import { asc, desc, eq } from 'drizzle-orm';
import type { SessionsStore } from '../../services/store/sessions.js';
import type { PgQueryable } from './client.js';
import { sessions } from './schema.js';

export function pgSessions(db: PgQueryable): SessionsStore {
  return {
    insert: async (session) => {
      const [row] = await db.insert(sessions).values(session).returning({ id: sessions.id });
      if (!row) throw new Error('The session was not stored');
      return row.id;
    },
    timeline: (catId) =>
      db
        .select({
          at: sessions.at,
          localDate: sessions.localDate,
          worst: sessions.worst,
          stage: sessions.stage,
          loggedBy: sessions.loggedBy,
        })
        .from(sessions)
        .where(eq(sessions.catId, catId))
        .orderBy(asc(sessions.at), asc(sessions.id)),
    recent: (catId, limit) =>
      db
        .select()
        .from(sessions)
        .where(eq(sessions.catId, catId))
        .orderBy(desc(sessions.at), desc(sessions.id))
        .limit(limit),
    listByCat: (catId) =>
      db.select().from(sessions).where(eq(sessions.catId, catId)).orderBy(asc(sessions.at), asc(sessions.id)),
  };
}
