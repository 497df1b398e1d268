/**
 * String preparation before comparison (RFC 7644 §5 and §7.8): userName
 * uniqueness and filters compare prepared forms, so `ｂｊｅｎｓｅｎ` (full width),
 * `BJensen` and `bjensen` are one name, and `José` is equal in NFC and NFD.
 * caseExact strings (ids, externalId) are only NFC-normalised: PRECIS binds userName, which is caseless.
 *
 * Follows the PRECIS UsernameCaseMapped rules (RFC 8265 §3.4) in their order:
 * width mapping, case mapping, then NFC. Width mapping is the <wide>/<narrow>
 * compatibility decomposition, which lives in the Halfwidth and Fullwidth
 * Forms block and in U+3000 (ideographic space); NFKC of those characters alone
 * gives exactly that, without folding other compatibility forms (ligatures,
 * superscripts) that PRECIS leaves alone.
 */

const WIDE_OR_NARROW = /[\u3000\uFF01-\uFFEE]/g;

/** Width-mapped, case-folded and NFC. For caseExact false strings (userName, displayName, …). */
export function prepareCaseless(text: string): string {
  return text.replace(WIDE_OR_NARROW, (c) => c.normalize('NFKC')).toLowerCase().normalize('NFC');
}
