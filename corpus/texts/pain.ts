/** Pain said plainly: flagged even in a mostly good session (a vet, not training, is the next step). */
export const PAIN = `
safari | good session, explored the hall, but she hasn't eaten since yesterday | exploring not_eating
explorer | she's been favouring her front paw since the jump off the wall | limping
wear | sat hunched and squinty most of the time | squinting_hunched
explorer | lovely sniff round the garden but limping a bit on the back leg | sniffing limping
buckle | purred and took treats but hasn't touched her breakfast | purring took_treat not_eating
drape | she yelped when i touched her side | crying_out
safari | not putting any weight on her left back leg | limping
explorer | walking on three legs after she jumped down | limping
drag | off her food for 2 days, still dragged the leash around a bit | not_eating
safari | hunched up in the corner, eyes squinting | squinting_hunched
explorer | she cried out when i picked her up after the walk | crying_out
wear | her paw seems sore, she keeps holding it up | limping
outdoors | barely ate her dinner and sat hunched on the step | not_eating squinting_hunched
safari | hobbling a bit, otherwise she explored fine | limping exploring
explorer | skipped breakfast and dinner, not like her | not_eating
drape | flinched and cried when i stroked her back | crying_out
buckle | tender when i touched her shoulder, stopped | crying_out
explorer | great walk, sniffed everything, she's got a gammy leg though | sniffing limping
safari | no appetite today, slept mostly | not_eating relaxed
wear | lame on her front right since this morning | limping
outdoors | squinting one eye and hunched over | squinting_hunched
explorer | she wont eat, even the churu | not_eating
safari | her food bowl is still full from last night | not_eating
drag | limpy on the back left, stopped early | limping
explorer | sat hunched with her eyes half shut, not herself | squinting_hunched
explorer | hasnt eaten anything since the vet | not_eating
safari | explored and played but she's limping since yesterday | exploring playing limping
buckle | she screamed when i touched her hip | crying_out
wear | kept lifting her back paw up | limping
explorer | tail up, relaxed, but hasnt eaten today | tail_up relaxed not_eating
safari | she yowled when i lifted her | crying_out
explorer | walking a bit funny on her right front paw, favouring it | limping
drape | refused her dinner and hunched up | not_eating squinting_hunched
explorer | purring and slow blinking, but left her breakfast untouched | purring slow_blink not_eating
safari | squinty and hunched by the radiator | squinting_hunched
explorer | she was limpin after jumping off the fence | limping
safari | hasn't touched her dinner and seems a bit hunched | not_eating squinting_hunched
wear | cried out when i did up the belly strap | crying_out
explorer | great walk but she's off her grub today | not_eating
drape | her back leg seems sore when she walks | limping
outdoors | squinting and hunched on the step, not like her at all | squinting_hunched
explorer | lovely sniff around, purred, but she hasnt eaten since this morning | sniffing purring not_eating
safari | she hissed when i touched her sore paw | hissing limping
safari | she was walking fine but cried when i lifted her back legs | crying_out
explorer | seems stiff and sore on her back leg after the jump | limping
outdoors | she hasn't eaten since Tuesday and is hiding | not_eating hiding
drape | hunched in a ball and not touching her food | squinting_hunched not_eating
`;
