/** Everyday slang across British, Australian and American English, and the usual misspellings. */
export const SLANG = `
outdoors | she legged it back inside as soon as a car went by | retreating
explorer | he did a runner when the bin lorry came | bolting
safari | absolute biscuit-making session on my lap after | kneading
buckle | gave me the evil eye when i clicked the buckle | hard_stare
drape | scoffed her treats and didnt care about the harness | took_treat relaxed
wear | she was giving me evils the whole time | hard_stare
drape | threw an absolute wobbly when the harness touched her | bolting
outdoors | scarpered, then hid under the deck | bolting hiding
explorer | had a good nosy round the garden | exploring
explorer | she had a mooch about the flower beds | exploring
safari | bit of a sook today, whinging at the door | grumbling
buckle | chucked a wobbly and bit the strap | bolting biting_harness
safari | she was moaning and grizzling the whole session | grumbling
explorer | hoovered up all the dreamies | took_treat
explorer | he noped out of there when the dog appeared | bolting
safari | she noped out after 2 mins | walking_away
outdoors | booked it back to the door | retreating
drag | did zoomies with the lead trailing lol | playing
wear | went full houdini and got one leg out | escape_attempt
wear | he pulled a houdini, harness on the floor | escape_attempt
explorer | sploot on the grass, total sunbather | relaxed
safari | chilled out, made air biscuits | relaxed kneading
explorer | conked out on the deck after, so cute | relaxed
drape | he hissd and growld at the harness | hissing
buckle | she hised at me when i did the clip | hissing
wear | tried to escpae twice | escape_attempt
explorer | sniffin everything, explorin the hedge | sniffing exploring
drape | she was kneeding the blanket while i draped it | kneading
safari | pupils dialated and tail swishing | dilated_pupils tail_lashing
drape | ignord the treats | refusing_treats
wear | flopped ovr and refused to move | flopping
safari | her eyes went black when the leash moved | dilated_pupils
buckle | purrd like a motorboat | purring
drag | she gnawed on the lead | biting_harness
explorer | trotted ahead like she owned the place | walking_ahead
safari | she gave me the side eye and stalked off | hard_stare walking_away
explorer | he spat the dummy when i picked him up to go in | bolting
wear | she was having a proper strop about the harness | grumbling
explorer | she took herself off to the corner and sulked | walking_away
explorer | bat ears when the kids came out | ears_sideways
buckle | airplane ears!! stopped | ears_flat
safari | he slinked along the skirting board | low_crouch
outdoors | commando crawled to the bush and hid | low_crouch hiding
explorer | snuffled in the leaves for ages | sniffing
safari | she lost the plot when the doorbell went | bolting
explorer | had a go at me when i tried to pick her up | swatting
wear | she went for my hand when i adjusted the strap | swatting
drape | tail between her legs the whole time | tail_low
explorer | gobbled her temptations and did a lil trot ahead | took_treat walking_ahead
safari | he got the zoomies and then passed out cold | playing relaxed
explorer | she was well chuffed, tail up, having a proper explore | tail_up exploring
safari | gave me proper stink eye when i got the lead out | hard_stare
outdoors | took one look outside and booked it under the bed | bolting hiding
drag | went absolutely feral with the lead, zoomies everywhere | playing
wear | she was sulking and grumbly all session | grumbling
explorer | devoured her churu and strutted ahead like a queen | took_treat walking_ahead
buckle | she hissd and then legged it | hissing bolting
drape | kneeded my leg and purrd the whole time | kneading purring
outdoors | she was proper spooked and shot back indoors | retreating
explorer | had a right old sniff about | sniffing
safari | she was being a sook and meowing at me | grumbling
wear | he went full tantrum and bit the clip | bolting biting_harness
explorer | nommed her treats and pranced ahead | took_treat walking_ahead
`;
