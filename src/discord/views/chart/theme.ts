/** The chart's colours and the severity key: what things look like, apart from where they go. */
import type { Worst } from './layout.js';

// A dark card reads well on both Discord themes: it looks native on dark and framed on light.
export const COLOURS = {
  card: '#1f2128',
  border: '#3a3d47',
  bandOdd: 'rgba(255, 255, 255, 0.035)',
  grid: 'rgba(255, 255, 255, 0.08)',
  text: '#f2f3f5',
  muted: '#a9aeb8',
  line: '#8b95ff',
  area: 'rgba(139, 149, 255, 0.14)',
  today: 'rgba(242, 243, 245, 0.45)',
  advance: '#3ddc84',
  stepBack: '#ffb13b',
  manual: '#d9dbe0',
  outline: '#1f2128',
} as const;

/** Each severity's dot colour and legend word, in legend order. */
export const SEVERITY_STYLES: readonly { worst: Worst; colour: string; label: string }[] = [
  { worst: null, colour: '#8e95a3', label: 'neutral' },
  { worst: 'win', colour: '#57f287', label: 'win' },
  { worst: 'mild', colour: '#fee75c', label: 'mild' },
  { worst: 'moderate', colour: '#ff9f43', label: 'moderate' },
  { worst: 'severe', colour: '#ff5a5f', label: 'severe' },
  { worst: 'pain', colour: '#d78bff', label: 'pain' },
];
