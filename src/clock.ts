/** The one place that reads the wall clock; everything else gets `now` from a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(Date.now()),
};
