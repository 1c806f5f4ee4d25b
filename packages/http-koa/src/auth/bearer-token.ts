/** Longest token we look at; anything longer is no key of ours. */
const MAX_TOKEN_LENGTH = 512;

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none usable. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(header ?? '');
  const token = match?.[1];
  return token !== undefined && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}
