/**
 * Short random strings of markup pieces, the same ones for a seed on every run: fuzz inputs
 * for the tree builder, each compared with htmlparser2's tree, reproducible when one fails.
 */
export function* randomMarkup(tokens: readonly string[], seed: number, rounds = 20_000, maxPieces = 12): Generator<string> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  for (let round = 0; round < rounds; round++) {
    let html = '';
    for (let n = 1 + next(maxPieces); n > 0; n--) html += tokens[next(tokens.length)];
    yield html;
  }
}
