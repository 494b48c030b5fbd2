import type { Clock } from '../../src/clock.js';

export interface FakeClock extends Clock {
  set(instant: string | Date): void;
  advance(ms: number): void;
}

export const seconds = (n: number) => n * 1_000;
export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;

/** A clock that only moves when the test says so. */
export function fakeClock(start: string | Date): FakeClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
