/** Input the classifier cannot judge: empty, in a language the profile does not follow, or far too long. */
export class ClassifyInputError extends Error {
  override name = 'ClassifyInputError';
}

/** A profile or gazetteer file that is missing, not JSON, or does not fit the schema; the message names the file and field. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}
