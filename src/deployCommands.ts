/** `npm run deploy-commands`: registers the slash commands by hand (the bot also does this on start). */
import { loadConfig, loadDotEnv } from './config.js';
import { deployCommands } from './discord/commandSync.js';
import { createLogger } from './logger.js';

const config = (() => {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
})();
const logger = createLogger(config.logLevel);
deployCommands({ token: config.discordToken, apiBase: config.apiBase, guildId: config.guildId, logger }).then(
  (result) => {
    logger.info({ result }, 'done');
  },
  (error: unknown) => {
    logger.fatal({ err: error }, 'could not register the commands');
    process.exitCode = 1;
  },
);
