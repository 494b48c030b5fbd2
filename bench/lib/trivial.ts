// Item 8's baseline: what `node --import tsx` costs before any of the bot's code runs.
console.log(JSON.stringify({ msg: 'ready' }));
