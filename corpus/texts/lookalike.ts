/** Look-alike words: weather, the owner's own actions, games, contentment and wanting more are not stress. */
export const LOOKALIKE = `
outdoors | a frosty morning so we kept it short, she sniffed the step | sniffing
outdoors | it was freezing out but she sniffed around the patio for a bit | sniffing | freezing
explorer | pouring down so we stayed under the porch, she watched the rain purring | purring
explorer | freezing cold morning, she explored the hedge and ate a treat | exploring took_treat | freezing
safari | I stepped back to grab a towel and she followed me | -
safari | a treat hunt round the sofa, she found all 5 | -
explorer | squinting against the sun while purring on the warm paving | purring | squinting_hunched
explorer | out cold on the rug after our walk | relaxed
outdoors | meowing at the door to go back out after we came in | -
explorer | she cried at the door to go back outside, wanted more | - | grumbling
safari | played hide and seek with the wand toy, she hid behind the curtain and pounced | playing
safari | swatted at the feather wand for ages, total zoomies | playing
wear | batted at the toy mouse with the harness on, so cute | playing
explorer | crouched low in the grass stalking a bird | - | low_crouch
explorer | tail twitching while she watched the birds on the feeder | - | tail_lashing
explorer | flopped over in the sunbeam and showed her belly | relaxed
wear | flopped on the rug for belly rubs with the harness on | relaxed
explorer | rolled over in the sun and purred | relaxed purring
explorer | took off the harness after 20 mins, she was fine | -
buckle | slipped the harness on her, one buckle, she ate her treats | took_treat | escape_attempt
explorer | calm morning, not a soul about, she sniffed the bins | sniffing
outdoors | a chill in the air so only 5 mins, she explored the step | exploring | relaxed
explorer | it was a bit windy and she squinted but kept sniffing | sniffing
explorer | she squinted happily in the sunshine on the wall | - | squinting_hunched
safari | pupils were massive in the dark hallway but she was purring | purring | dilated_pupils
safari | pupils huge while chasing the laser, loving it | playing | dilated_pupils
explorer | zoomies in the garden, went nuts chasing a leaf | playing
explorer | she ran off after a butterfly, leash and all | playing
safari | he hid in the tunnel and ambushed the wand | playing
drag | I dropped the leash and she just kept going, sniffing the rug | sniffing
explorer | I sat down on the grass and she climbed on my lap and kneaded | kneading
wear | I put the harness on and stepped back, she just sat there calm | relaxed
safari | she scratched at the door to go back out to the balcony | -
explorer | didn't want to come in, meowed at the door to go out again | -
explorer | she melted in the sun on the warm decking | relaxed
outdoors | stopped to look at the frozen puddle and sniffed it | sniffing
explorer | she stared at the pigeons for ages, totally fascinated | -
drag | she pounced on the end of the leash like it was prey | playing
explorer | spark out on the sofa after an hour in the garden | relaxed
explorer | the sun was so bright she sat squinting at me and slow blinking | slow_blink | squinting_hunched
safari | she went crazy for the wand toy | playing
explorer | bright sunny day, she lay on the paving with her eyes squinted shut, purring away | purring | squinting_hunched
wear | she ignored the harness and played with her kicker | relaxed playing
explorer | the grass was frosty so she hopped about sniffing | sniffing
outdoors | hunting a moth on the step, low crouch, wiggle butt, pounce | playing | low_crouch
explorer | frosty grass this morning, she sniffed it and shook her paws | sniffing
explorer | it was freezing so only 5 mins, she enjoyed the sniff though | sniffing | freezing
safari | she hid inside the box to pounce on the feather | playing
explorer | squinting in the sunshine on the wall, so content | relaxed | squinting_hunched
explorer | crouched down watching a bird, butt wiggling | playing | low_crouch
outdoors | she cried at the window to be let back out after | - | grumbling
safari | went mental with the kicker toy and then flopped on her side purring | playing relaxed purring
explorer | calm evening, we wandered round the yard, she sniffed the mint | exploring sniffing
explorer | hot day so she flopped in the shade and panted a bit | relaxed
safari | she played peekaboo behind the door and pounced on my feet | playing
explorer | blinded by the sun she squinted at me, then went sniffing | sniffing | squinting_hunched
outdoors | cold wind, she sniffed the step and we went in | sniffing
explorer | she went bananas chasing a moth | playing
`;
