const DISCORD_EPOCH = 1_420_070_400_000n;

/** Returns a generator of increasing, realistic snowflakes (timestamp-based, unique within the process). */
export function createSnowflakeFactory(): () => string {
  let increment = 0n;
  let last = 0n;
  return () => {
    let ms = BigInt(Date.now()) - DISCORD_EPOCH;
    if (ms <= last) ms = last;
    else increment = 0n;
    last = ms;
    increment = (increment + 1n) & 0xfffn;
    if (increment === 0n) last += 1n;
    return ((ms << 22n) | (1n << 17n) | (BigInt(process.pid & 0x1f) << 12n) | increment).toString();
  };
}
