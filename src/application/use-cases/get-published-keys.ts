import type { AccessTokens, PublishedKey } from '../ports/access-tokens';

/** The JWKS: the public keys other services verify access tokens with; null with HS256 (nothing to publish). */
export class GetPublishedKeys {
  constructor(private readonly accessTokens: AccessTokens) {}

  execute(): Promise<readonly PublishedKey[] | null> {
    return this.accessTokens.publishedKeys();
  }
}
