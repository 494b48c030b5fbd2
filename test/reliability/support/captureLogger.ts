import { createLogger, type Logger, type LoggerOptions } from '../../../src/logger.js';
import type { LogLine } from './childBot.js';

/** The real logger (redaction included), writing parsed lines into an array and raw text into `raw`. */
export function captureLogger(
  level = 'debug',
  options: LoggerOptions = {},
): { logger: Logger; lines: LogLine[]; raw: () => string } {
  const lines: LogLine[] = [];
  let text = '';
  const logger = createLogger(
    level,
    {
      write(line: string) {
        text += line;
        lines.push(JSON.parse(line) as LogLine);
      },
    },
    options,
  );
  return { logger, lines, raw: () => text };
}
