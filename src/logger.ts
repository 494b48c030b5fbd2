import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Paths whose values never reach a log line, whatever object is logged. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'discordToken',
  '*.discordToken',
  'config.discordToken',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
];

const CENSOR = '[redacted]';

export interface LoggerOptions {
  /**
   * Values (the bot token) scrubbed from every line as written, wherever they hide: in a message, an
   * error's text, a nested object the paths above do not reach.
   */
  readonly secrets?: readonly string[];
}

/** The one logger factory; JSON lines to stdout (or the given stream) with secrets redacted. */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  { secrets = [] }: LoggerOptions = {},
): Logger {
  // A secret too short to be one would blank out ordinary words. Lines are JSON: match the escaped form too.
  const scrub = [
    ...new Set(secrets.filter((s) => s.length >= 8).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])),
  ];
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    base: { app: 'leash-coach' },
    ...(scrub.length > 0
      ? {
          hooks: {
            streamWrite: (line: string) =>
              scrub.reduce((out, secret) => out.split(secret).join(CENSOR), line),
          },
        }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
