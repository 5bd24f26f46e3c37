/** Why a page could not be read at all; the message names the problem and, when known, the file or URL. */
export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  constructor(
    message: string,
    readonly code: 'not-a-string' | 'binary-input' | 'bad-selector',
  ) {
    super(message);
  }
}
