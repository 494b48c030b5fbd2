/** Everyday logs across every stage and signal family: the plain way most sessions are told. */
export const EVERYDAY = `
scenery | harness has been by her bowls for 3 days now, she sniffed it this morning and walked on | sniffing
scenery | totally ignoring the harness now which i think is the goal lol | relaxed
scenery | she slept right next to the harness all afternoon | relaxed
scenery | gave the harness a sniff then ate her breakfast beside it | sniffing
scenery | he hissed at it once this morning then just ignored it | hissing relaxed
scenery | checked it out, a lil sniff, back to her nap | exploring sniffing relaxed
scenery | moved the vest nearer the food bowl and he stared at it like it owed him money, ears flat | ears_flat hard_stare
scenery | she pawed at it and then lay down on top of it purring | purring
scenery | walked around it a bit, tail up the whole time | exploring tail_up
scenery | nothing much, he just ignored it | relaxed
drape | draped it over her for a second while she was sleepy and she didnt even wake up, treat after | relaxed
drape | laid the harness on his back, he froze for a sec then took the treat | freezing took_treat
drape | she flattened her ears and walked away when the harness touched her | ears_flat walking_away
drape | draped it, she licked her lips and tail went low, stopped there | lip_licking tail_low
drape | 2 secs of drape and a churu, she purred through the whole thing | purring
drape | tried the drape, he bolted under the bed | bolting hiding
drape | she growled the moment it touched her so we stopped | hissing
drape | good one! slow blinks at me and kneaded the blanket after | slow_blink kneading
drape | he was a bit twitchy, tail swishing, but took the treat | tail_lashing took_treat
drape | put it over her shoulders, she sniffed it and went back to sleep | sniffing relaxed
buckle | clicked one buckle for a heartbeat, she stayed relaxed and took her treat | relaxed took_treat
buckle | buckle click made him jump, ears went sideways for a bit | ears_sideways
buckle | one buckle, she tried to wriggle out straight away | escape_attempt
buckle | she went rigid as soon as i clicked it | going_rigid
buckle | buckled it for about 5 seconds, pupils got huge, undid it fast | dilated_pupils
buckle | he chewed at the strap while i did the clip | biting_harness
buckle | she swatted at my hand when i reached for the buckle | swatting
buckle | clicked both buckles today!! she purred and ate all her treats | purring took_treat
buckle | he gave me a dirty look and grumbled but stayed put | hard_stare grumbling
buckle | low crouch and hid behind the sofa after the click | low_crouch hiding
wear | harness on for 10 mins, stiff legged walk like a little robot but she explored the hallway | stiff_gait exploring
wear | he flopped over and refused to move the whole time | flopping
wear | she wore it around the flat, tail up, even played with her mouse toy | tail_up playing
wear | walked stiffly for a minute then forgot about it and slept | stiff_gait relaxed
wear | tried to back out of the harness twice, ended early | escape_attempt
wear | puddle of protest on the kitchen floor lol | flopping
wear | she crouched low and crept along the wall | low_crouch
wear | wore it during dinner, ate fine, purring after | purring
wear | he hissed and tried to bite the harness | hissing biting_harness
wear | ears flat, tail thumping, took it off | ears_flat tail_lashing
drag | leash clipped on and she dragged it round the living room no bother | relaxed
drag | he kept looking at the leash and then pounced on it | playing
drag | she walked away from the leash and sat in the corner | walking_away
drag | leash drag went ok, sniffed the end of it and carried on | sniffing
drag | froze when the leash moved behind her, then ran to her bed | freezing
drag | he thrashed around trying to get free of the lead | escape_attempt
drag | she ignored the leash completely, just wandered around | relaxed exploring
drag | spooked by the leash noise and bolted | bolting
drag | tail low and crouched the whole time, short session | tail_low low_crouch
drag | played with the leash like it was a snake then fell asleep | playing relaxed
safari | followed her round the house, she explored the spare room and sniffed every box | exploring sniffing
safari | he walked ahead and led me to the kitchen lol | walking_ahead
safari | she took me on a grand tour of the hallway | walking_ahead
safari | he stopped dead at the bathroom door and wouldnt budge | freezing flopping
safari | she went stiff as a board when the leash went taut | going_rigid
safari | trotted ahead with her tail up, amazing | walking_ahead tail_up
safari | he hissed at the hoover and ran off | hissing bolting
safari | explored under the table, ate a treat, purred | exploring took_treat purring
safari | she refused treats and kept looking at the door | refusing_treats
safari | pupils huge and tail lashing when i picked up the leash | dilated_pupils tail_lashing
outdoors | carried her to the patio, she froze for ages and then sniffed a leaf | freezing sniffing
outdoors | first time outside!! 30 secs of sniffing then she legged it back to the door | sniffing retreating
outdoors | he crouched low, sniffed the grass, then ran back inside | low_crouch sniffing retreating
outdoors | she sat like a statue for 5 mins nose twitching | freezing sniffing
outdoors | put him down on the lawn and he tried to escape straight away | escape_attempt
outdoors | she explored the patio corner and ate a treat | exploring took_treat
outdoors | a car went past and he panicked | bolting
outdoors | froze, then scrambled for the door | freezing retreating
outdoors | hissed at the wind chime lol and went back in | hissing retreating
outdoors | she rolled in the dirt and purred, best day ever | relaxed purring
explorer | she walked ahead on the leash all round the courtyard sniffing dandelions | walking_ahead sniffing
explorer | 20 mins outside, relaxed and curious | relaxed exploring
explorer | he led the way to the hedge and had a good sniff | walking_ahead sniffing
explorer | a dog barked and she froze then carried on exploring | freezing exploring
explorer | slow blinked at me in the grass, tail up | slow_blink tail_up
explorer | she chased a leaf and then flopped in the sun | playing relaxed
explorer | he hid under the bench for a while, ears back | hiding ears_flat
explorer | lovely calm walk, took treats, tail up | relaxed took_treat tail_up
explorer | she ate some grass and explored the flower bed | exploring
explorer | growled at a noise and bolted for the door | hissing bolting
scenery | day 4 of harness by the bowls, she walked right past it and had her dinner | -
drape | draped it for a sec, she looked at me, blinked slowly, got her treat | slow_blink took_treat
buckle | she tolerated one buckle for 3 secs then shook it off | escape_attempt
wear | harness on, she did a few stiff steps then lay down for a nap | stiff_gait relaxed
drag | leash on, she sniffed it, batted it twice and ignored it | sniffing playing relaxed
safari | she led me into the bedroom and checked out under the bed | walking_ahead exploring
outdoors | 45 seconds on the patio, lots of sniffing, then back to the door | sniffing retreating
explorer | tail up, trotting ahead, stopping to smell every plant | tail_up walking_ahead sniffing
scenery | harness stays by the water bowl, she had a sniff and a lick of it and left it | sniffing
buckle | she let me do the buckle and kept eating, no reaction at all | relaxed
wear | she did the funny backwards walk for a minute then got on with it | -
drag | the leash made her jump and she hissed at it | hissing
safari | 5 mins following him round, he stopped to groom and then trotted off ahead | walking_ahead
outdoors | put her down by the back door, she went low to the ground and sniffed the mat | low_crouch sniffing
`;
