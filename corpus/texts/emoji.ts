/** Emoji that carry a grade on their own: read when the clause says nothing else, and never over the words. */
export const EMOJI = `
drape | harness drape 😾 | grumbling
buckle | clicked the buckle 🙀 | bolting
explorer | garden time 😻😻 | relaxed
safari | she was 😾 the whole session | grumbling
wear | harness on 😸 | relaxed
outdoors | first time on the grass 🙀🙀 stopped after a minute | bolting
explorer | 💤 in the sun after | relaxed
drape | draped it, she sniffed it 😺 | sniffing
buckle | hissed 😾 | hissing
drag | dragged the leash about 😽 | relaxed
outdoors | opened the door and 💨 | bolting
explorer | sniffed the mint 🌿 purred 😻 | sniffing purring
safari | 🐾 followed her round the kitchen, she explored the cupboards | exploring
wear | 10 mins 😸 ate treats | took_treat
scenery | she sniffed the harness 👃 then ignored it | sniffing relaxed
drape | 😾😾😾 no | grumbling
explorer | the dog next door 🙀 she stayed calm tho | relaxed
buckle | buckle on 😼 she stayed chill | relaxed
safari | ears flat 😾 | ears_flat
outdoors | froze 🥶 but then sniffed | freezing sniffing
explorer | sunbathing on the deck 😻 | relaxed
buckle | one buckle 😾 | grumbling
outdoors | the bin lorry came past 🙀 | bolting
safari | she explored the hallway 😸 | exploring
drape | drape went ok 😸 she even purred | purring
explorer | lead on, out the door, 💨 | bolting
`;
