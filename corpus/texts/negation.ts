/** Negation and its reach: what is negated is not a signal; a negation reaches across a short list, no further. */
export const NEGATION = `
drape | no growling whatsoever, took the treat | took_treat
buckle | didn't so much as twitch when i clicked the buckle | -
wear | zero escape attempts today!! | -
wear | no flat ears, no tail swishing, just chilled | relaxed
safari | no hissing, growling or swatting this time | -
safari | no hissing but her ears went flat when the door banged | ears_flat
outdoors | didn't freeze at all, went straight to sniffing the pots | sniffing
drape | not a single hiss, purred the whole time | purring
buckle | she didnt hiss or growl, but did flatten her ears | ears_flat
explorer | no bolting, no hiding, just explored | exploring
wear | never once tried to wriggle out | -
drag | no escape attempts and she played with the leash | playing
safari | wasn't scared at all, tail up and exploring | tail_up exploring
outdoors | she didnt run back inside this time, sniffed the whole patio | sniffing
scenery | not bothered by it at all | relaxed
drape | didnt flinch | relaxed
buckle | no hissing. then she swatted at the clip | biting_harness
wear | no stiff walking anymore, she trotted around like normal | exploring
safari | hissing: none. purring: loads | purring
explorer | escape attempts: 0, sniffs: about a million | sniffing
buckle | couldn't stop purring while i did the buckle | purring
wear | never stopped sniffing the harness straps lol | sniffing
drape | no drama, no fuss, took her treat and went back to sleep | relaxed took_treat
safari | she didnt refuse a single treat | took_treat
explorer | not hiding under the bench anymore, she walks ahead now | walking_ahead
outdoors | didnt bolt when the bus went past, just froze a sec | freezing
drape | not stressed, not hissing, just curious | exploring
wear | no more flopping over! she walked around the kitchen | exploring
safari | he didnt want the treats though, kept turning away | refusing_treats
buckle | no ears back, no lip licking, good boy | -
drag | she wouldn't leave the leash alone, kept pouncing on it | playing
explorer | without any fuss she went out and sniffed the roses | relaxed sniffing
outdoors | no hissing and she purred on my lap after | purring
wear | not one growl. ears flat for a sec when the dog barked though | ears_flat
drape | didnt hide, didnt hiss, ate the churu | took_treat
buckle | no swatting no biting just a bit of grumbling | grumbling
safari | he was not impressed and gave me the stink eye | hard_stare
explorer | she didn't walk away once, stayed with me the whole 15 mins | -
safari | never seen her so relaxed on the leash | relaxed
explorer | no tail lashing or ears back even when the lawnmower started | -
wear | nothing bothered her today, happy as larry | relaxed
drape | she wasn't keen on the treat but no hissing | refusing_treats
outdoors | did not freeze, did not run, just sniffed and looked around | sniffing exploring
buckle | no growls, no swats, no escapes | -
explorer | she hasn't hidden once this week | -
wear | no attempts to escape at all, she just strolled about | exploring
drape | she didnt hiss or swat, only grumbled a little | grumbling
explorer | never once looked scared, tail up the whole time | tail_up
buckle | no biting the strap this time!! | -
safari | didnt hide, no flat ears, ate treats | took_treat
outdoors | she didnt bolt but did freeze for a minute | freezing
explorer | not a single hiss or growl even when a dog passed | -
wear | no escape attempts, no flopping, but she was a bit stiff legged | stiff_gait
drape | not a peep of complaint and no tail flicking | -
wear | she didnt try to get out of it once | -
explorer | no fear at all, she walked ahead the whole way | walking_ahead
buckle | she didnt like it but didnt hiss | -
outdoors | no freezing today, straight into sniffing the bushes | sniffing
`;
