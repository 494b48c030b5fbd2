/** The users the playground acts as: `you`, and anyone named after `as`, created on first use. */
import type { FakeDiscord, FakeUser } from '@leash-coach/fake-discord';
import { idForName, YOU_ID } from './world.js';

export class People {
  private readonly users = new Map<string, FakeUser>();

  constructor(private readonly fake: FakeDiscord) {
    this.users.set('you', fake.user(YOU_ID, 'you'));
  }

  you(): FakeUser {
    const you = this.users.get('you');
    if (!you) throw new Error('no user "you"');
    return you;
  }

  userFor(name: string): FakeUser {
    const key = name.toLowerCase();
    const known = this.users.get(key);
    if (known) return known;
    const user = this.fake.user(idForName(key), key);
    this.users.set(key, user);
    return user;
  }

  /** The name to print for a user id (the bot included), if it is someone the playground knows. */
  userName(id: string): string | undefined {
    if (id === this.fake.botUser.id) return this.fake.botUser.username;
    return [...this.users.values()].find((u) => u.id === id)?.username;
  }

  /** The names typed so far, `you` first. */
  names(): string[] {
    return [...this.users.keys()];
  }

  /** Everyone, in the order they first appeared. */
  all(): FakeUser[] {
    return [...this.users.values()];
  }
}
