/** Stored in check_in_sends.error: the claim's one re-send has been attempted (the same on every backend). */
export const RESENT_MARK = 'interrupted; re-sent once with the same nonce';
