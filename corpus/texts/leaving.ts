/** Leaving is a signal: walking away from the session, turning down treats. */
export const LEAVING = `
safari | wandered off mid-session and sat facing the wall | walking_away
drape | ignored the treat completely | refusing_treats
buckle | she just walked off after the first click | walking_away
wear | turned her nose up at the churu | refusing_treats
safari | lost interest after 2 mins and went to her bed | walking_away
drag | got bored and left, leash trailing | walking_away
drape | sniffed the treat and walked away | sniffing walking_away
explorer | she sat with her back to me for ages | walking_away
buckle | wasn't interested in the treats at all | refusing_treats
safari | left the treat on the floor and went under the table | refusing_treats hiding
wear | she left the room as soon as i got the harness out | walking_away
outdoors | she wouldnt take the chicken | refusing_treats
drape | spat the treat out | refusing_treats
drag | strolled off to the kitchen halfway through | walking_away
safari | she turned her back on me and sat in the hallway | walking_away
explorer | not fussed about the treats outside, too busy sniffing | refusing_treats sniffing
buckle | he walked away and sat under the chair | walking_away hiding
wear | abandoned the session and went to sleep on the bed | walking_away relaxed
drape | gave up on me and wandered off | walking_away
safari | she moseyed off halfway and didnt come back | walking_away
scenery | walked away from the harness and her bowl | walking_away
buckle | refused the churu, so i stopped | refusing_treats
wear | she left the treats untouched | refusing_treats
safari | called it a day after one lap of the lounge | walking_away
explorer | snubbed the dreamies, only wanted grass | refusing_treats
drag | took herself off to the bedroom mid session | walking_away
drape | took the first treat, ignored the other treats | took_treat refusing_treats
buckle | she looked at the treat and walked off | walking_away
safari | sauntered out of the room mid session | walking_away
wear | sat facing the corner the rest of the time | walking_away
safari | she got up and walked off halfway through | walking_away
drape | wouldnt even look at the treats | refusing_treats
explorer | turned her nose up at the chicken and wandered off | refusing_treats walking_away
buckle | she left after one click and sat in the hall facing the wall | walking_away
wear | not interested in treats today, kept walking away from me | refusing_treats walking_away
drag | she wandered off with the leash and fell asleep on the bed | walking_away relaxed
safari | ignored the dreamies and sat facing the corner | refusing_treats walking_away
outdoors | she took the treat then strolled off to the door | took_treat walking_away
drag | she sauntered off with the leash and sat facing the fridge | walking_away
buckle | sniffed the churu and walked away | sniffing walking_away
safari | she ignored the treat bag and went to lie down | refusing_treats walking_away
`;
