/**
 * Verifiable panel draw (可验证的随机抽取), algorithm `tz-draw-v1`. Also explained for witnesses in
 * docs/draw-algorithm.md; a change to anything below, or in the parts it is split into, needs a new
 * algorithm version. (The re-check at reveal was added without one: a record that does not use it is
 * exactly what v1 always wrote, and a verifier that does not know it finds a record that does use it
 * invalid, never valid.)
 *
 * The parts: draw.types.ts (the records), draw.commitment.ts (versions, steps 1–2), draw.random.ts
 * (steps 3–4), draw.selection.ts (step 5), this file (one round: prepare, then complete), draw.rounds.ts
 * (step 6 and redraw rounds), draw.verification.ts (checking a stored record).
 *
 * 1. Canonical input. Candidates sorted by id (each with its local flag and attributes); rules keep label,
 *    min, field and their values sorted without duplicates.
 * 2. Commitment, stored and shown before any randomness is revealed:
 *      serverSecret     = 32 bytes from a CSPRNG (hex in the record)
 *      serverSecretHash = SHA-256(serverSecret)
 *      commitment       = SHA-256(canonical JSON of { algorithmVersion, alternates,
 *                           candidates: { ids, local, matches }, localFirst, rules, seats, serverSecretHash })
 *    keys sorted, no spaces; candidates as columns in id order: local 1/0, matches = Σ 2^r over the
 *    rules r the candidate matches (its values for the rule's field include one of the rule's values).
 * 3. Seed, after the commitment is fixed and the witness has given a value (may be empty):
 *      seed = SHA-256(serverSecret || UTF-8(witnessValue))
 * 4. Random numbers: block_i = HMAC-SHA256(key = seed, message = i as 8-byte big-endian), i = 0, 1, …;
 *    the blocks form one byte stream read as 4-byte big-endian words u. A number below n: with
 *    limit = 2^32 − (2^32 mod n), take the next u until u < limit, answer u mod n (no modulo bias).
 * 5. Selection; every pick takes number k below the pool size and picks the pool's k-th member, the pool
 *    listed by ascending id:
 *    a. composition seats: rule by rule in listed order, while fewer seated members match the rule than
 *       its min: pool = unpicked candidates matching the rule whose pick still leaves every rule
 *       satisfiable within the seats left; with localFirst, only the local ones of them unless none is
 *       local;
 *    b. remaining official seats: pool = unpicked local candidates, or the cross-region ones once no local
 *       candidate is left (without localFirst: all unpicked);
 *    c. alternates, in order, the same way as b, as many as requested and available.
 *    Re-check at reveal: the committed candidates who no longer qualify when the draw is revealed are
 *    listed with their reasons (`excludedAtReveal`). A pick that lands on one of them is recorded as
 *    skipped (`skipped`: the reason codes), the member leaves the pool unseated and the same seat takes the
 *    next number; the look-ahead of a composition pick counts only candidates not listed. With nobody
 *    listed this is step 5 exactly, and the record has neither field.
 * 6. Replacement rounds (nextRound): excluded members leave the panel; each vacated seat, in seat order,
 *    goes to the first alternate in queue order after whose promotion the rules can still be met from the
 *    remaining vacancies and alternates alone; seats that cannot be filled so are drawn anew (steps 2–5)
 *    from candidates never picked before, with the rules reduced by the members still seated.
 */
import { drawInvalidInput } from './draw.errors.js'
import { canonicalSpec, columnCache, computeCommitment, hashServerSecret } from './draw.commitment.js'
import { deriveSeed, hmacDrbg } from './draw.random.js'
import { assertDrawable, selectPanel } from './draw.selection.js'
import type { CompletedDraw, DrawInput, DrawRecord, DrawSpec, Entropy, Panel, PreparedDraw, RevealExclusion } from './draw.types.js'

// ---------------------------------------------------------------- one round: prepare, then complete

/** Step 1–2: fixes the input and the commitment; throws pool_too_small before anything is stored. */
export function prepareDraw (input: DrawInput | DrawSpec, serverSecret: string): PreparedDraw {
  // a spec made here is known by its columns; anything else is brought into canonical form first
  const spec = columnCache.has(input as DrawSpec) ? input as DrawSpec : canonicalSpec(input as DrawInput)
  assertDrawable(spec)
  const serverSecretHash = hashServerSecret(serverSecret)
  return { spec, serverSecretHash, commitment: computeCommitment(spec, serverSecretHash) }
}

/**
 * Steps 3–5: reveals the secret, mixes in the witness value and draws, skipping the committed candidates
 * who no longer qualify (`excludedAtReveal`, written into the draw only when there are any).
 */
export function completeDraw (prepared: PreparedDraw, { serverSecret, witnessValue = '' }: Entropy, excludedAtReveal: readonly RevealExclusion[] = []): CompletedDraw {
  if (hashServerSecret(serverSecret) !== prepared.serverSecretHash) throw drawInvalidInput({}, '服务器随机数与承诺不符')
  const seed = deriveSeed(serverSecret, witnessValue)
  const outcome = selectPanel(prepared.spec, hmacDrbg(seed), excludedAtReveal)
  const draw: CompletedDraw = { ...prepared, serverSecret, witnessValue, seed, ...outcome }
  if (excludedAtReveal.length > 0) draw.excludedAtReveal = excludedAtReveal.map((g) => ({ reasons: g.reasons.map((r) => ({ code: r.code, message: r.message })), memberIds: [...g.memberIds] }))
  return draw
}

/** The first round in one call: commitment, seed and draw. */
export function conductDraw (input: DrawInput, entropy: Entropy): DrawRecord {
  const draw = completeDraw(prepareDraw(input, entropy.serverSecret), entropy)
  const panel = { official: draw.official, alternates: draw.alternates }
  return {
    algorithmVersion: draw.spec.algorithmVersion,
    rounds: [{ round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw, panel: clonePanel(panel) }],
    panel: clonePanel(panel)
  }
}

export function clonePanel (panel: Panel): Panel {
  const copy: Panel = { official: [...panel.official], alternates: [...panel.alternates] }
  if (panel.vacant && panel.vacant.length > 0) copy.vacant = [...panel.vacant]
  return copy
}

/** The seats in order: a member id, or null for an open seat. */
export function seatsOf (panel: Panel): (number | null)[] {
  const vacant = new Set(panel.vacant ?? [])
  const seats: (number | null)[] = []
  let k = 0
  for (let seat = 1; seat <= panel.official.length + vacant.size; seat++) seats.push(vacant.has(seat) ? null : panel.official[k++]!)
  return seats
}
