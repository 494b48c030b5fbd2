/** The standard FNV-1a 32-bit offset basis. */
export const FNV_OFFSET_BASIS = 2166136261;

/**
 * 32-bit FNV-1a over the text's UTF-16 code units, as an unsigned integer: small, stable and fast, for
 * deterministic choices and ids (never for security). Pass a previous result as `basis` to hash several parts.
 */
export function fnv1a(text: string, basis: number = FNV_OFFSET_BASIS): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
