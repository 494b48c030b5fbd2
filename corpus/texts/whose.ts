/** Whose signal: another animal's or a person's signals are not the trained cat's (kept as a note). */
export const WHOSE = `
outdoors | the cat next door hissed at us through the window | - | hissing
outdoors | the cat next door hissed at us through the window, she just sniffed the fence | sniffing | hissing
safari | my sister's puppy kept barking and she hid under the bed | hiding
safari | my son ran in yelling and she stayed put | - | grumbling
explorer | the neighbours dog was growling at the fence, she ignored it and kept sniffing | sniffing relaxed | hissing
explorer | a dog growled at her and she froze | freezing | hissing
outdoors | our other cat hissed at her through the glass door, she ran back inside | retreating | hissing
wear | the other cat swatted at her while she had the harness on, she bolted | bolting | swatting
drape | my husband tried the drape and he froze | freezing
safari | the kids were screaming in the garden, he stayed calm and explored | relaxed exploring
explorer | a squirrel froze on the fence and she stared at it for ages | - | freezing hard_stare
explorer | some stray cat was hissing at us from under the car, we went back inside | - | hissing retreating
outdoors | the neighbour's cat came over and she puffed up and growled | hissing
safari | the dog sniffed her and she hissed | hissing | sniffing
drag | the puppy stole the end of the leash and ran off with it lol, she just watched | - | bolting
explorer | Mochi hissed at the dog next door | hissing | - | Mochi
explorer | Biscuit sniffed every plant in the yard and purred | sniffing purring | - | Biscuit
outdoors | Luna froze then ran back in, the cat next door growled at her | freezing retreating | hissing | Luna
explorer | I froze when I saw the fox but she just sniffed the air | sniffing | freezing
safari | I tripped over the leash and nearly fell over, he didnt care at all | relaxed | flopping
explorer | the birds were chirping and she sat watching them purring | purring
outdoors | a magpie swooped and she bolted back inside | bolting
explorer | the neighbour's dog went crazy at the fence, she just sniffed the flowers | sniffing | bolting
wear | my daughter was crying cos she wanted to hold her, the cat just purred | purring
safari | we explored the whole upstairs together, she sniffed everything | exploring sniffing
explorer | we walked round the garden twice, she led the way | exploring walking_ahead
outdoors | we went back inside after 2 minutes because of the rain, she was sniffing happily till then | sniffing | retreating
safari | i sat on the floor and relaxed, she came and head bumped me | relaxed
drape | I was nervous so I stopped early, she was purring though | purring
explorer | a goose hissed at us by the pond lol, she was fine and explored the hedge | exploring | hissing
explorer | my partner's dog was limping so we cut it short, she was fine and exploring | exploring | limping
outdoors | the postman yelped when he saw her on the lead haha, she was sniffing the doorstep | sniffing | crying_out
explorer | a big dog ran past and she hid behind my legs | hiding
safari | the other kitten was playing with her leash and she growled at him | hissing | playing
drag | our old dog was hiding under the table all session, she dragged the leash around fine | - | hiding
explorer | the neighbour's cat was sniffing around our gate and she stared it down | hard_stare | sniffing
outdoors | when the dog next door barked she bolted | bolting
explorer | the kids next door were running around screaming, he didnt flinch | relaxed
safari | my mum was purring at her like a cat lol and she slow blinked back | slow_blink | purring
explorer | saw a fox limping across the lane, she watched it and sniffed the air | sniffing | limping
outdoors | I picked her up and she yelped | crying_out
explorer | a toddler ran at her and she hissed | hissing
outdoors | the neighbours cat stared at her from the wall and she froze | freezing | hard_stare
explorer | the cat over the road was rolling in the sun, ours just sat and watched purring | purring | relaxed
safari | I noticed her ears went flat when the doorbell went | ears_flat
explorer | next door's dog was barking like mad, she didnt care | relaxed
outdoors | a cat across the street hissed and she ran back in | retreating | hissing
safari | my boyfriend froze when she jumped on him lol, she purred | purring | freezing
explorer | the birds were going crazy and she sat watching with her tail up | tail_up | bolting
drape | my flatmate's cat sniffed the harness and hissed at it | - | sniffing hissing
explorer | I was limping from my run so we went slow, she sniffed around | sniffing | limping
outdoors | the other cat from upstairs growled at the window, Pip stayed calm and sniffed | relaxed sniffing | hissing | Pip
safari | when my nephew ran past she hid under the couch | hiding
explorer | neighbour's kid was shrieking on the trampoline, she didnt bat an eye | relaxed | crying_out
safari | the dog was whining at the gate the whole time but she explored happily | exploring | grumbling
outdoors | my wife froze and pointed at a fox, Tilly just sniffed around | sniffing | freezing | Tilly
wear | our older cat gave her the stink eye, she ignored him | relaxed | hard_stare
explorer | the ginger tom from next door was stalking about, she hissed at him | hissing
`;
