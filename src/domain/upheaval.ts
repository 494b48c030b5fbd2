/** Words that say the cat's day already had something big in it. */
const UPHEAVAL =
  /\b(vet|vets|veterinar\w*|visitors?|guests?|company over|party|parties|moving|moved house|new house|new home|new flat|new apartment|renovat\w*|builders?|workmen|fireworks?|thunder\w*|storm|new baby|new (?:cat|dog|kitten|puppy|pet)|travel\w*|trip to|car ride|vaccin\w*|surgery|spay\w*|neuter\w*|groom\w*)\b/i;

/** True when the owner's text mentions a vet visit, visitors, a move or similar upheaval. */
export function mentionsUpheaval(text: string): boolean {
  return UPHEAVAL.test(text.slice(0, 2000));
}
