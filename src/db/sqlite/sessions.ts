/** The sessions area on SQLite. */
import { asc, desc, eq } from 'drizzle-orm';
import type { SessionsStore } from '../../services/store/sessions.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { sessions } from './schema.js';

export function sqliteSessions(db: Db, run: Runner): SessionsStore {
  return {
    insert: (session) =>
      run(() => db.insert(sessions).values(session).returning({ id: sessions.id }).get().id),
    timeline: (catId) =>
      run(() =>
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
          .orderBy(asc(sessions.at))
          .all(),
      ),
    recent: (catId, limit) =>
      run(() =>
        db
          .select()
          .from(sessions)
          .where(eq(sessions.catId, catId))
          .orderBy(desc(sessions.at), desc(sessions.id))
          .limit(limit)
          .all(),
      ),
    listByCat: (catId) =>
      run(() =>
        db
          .select()
          .from(sessions)
          .where(eq(sessions.catId, catId))
          .orderBy(asc(sessions.at), asc(sessions.id))
          .all(),
      ),
  };
}
