/** How a recognised signal is graded: a win, three levels of stress, or a sign of pain (which is not stress). */
export const SEVERITIES = ['win', 'mild', 'moderate', 'severe', 'pain'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** How much stress a severity means. Wins and pain are not stress, so they rank with calm. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({
  win: 0,
  mild: 1,
  moderate: 2,
  severe: 3,
  pain: 0,
});
