/** The asymmetric algorithms a signing key may have; HS256 has no keys of this kind (it signs with JWT_SECRET). */
export type SigningAlgorithm = 'ES256' | 'RS256';

/** The public half of a key as a JWK: the members of its key type only (kty, crv, x, y or kty, n, e). */
export type PublicJwk = Readonly<Record<string, string>>;

/**
 * Where a key is in its life, by the clock:
 * - next: published, not signing yet (verifiers fetch it before they meet a token of it);
 * - signing: the one key that signs new access tokens;
 * - verifying: published, no longer signs, some token it signed may still be live;
 * - expired: every token it signed has expired: no longer published nor accepted;
 * - retired: taken out of service by an operator: neither published nor accepted.
 */
export type KeyState = 'next' | 'signing' | 'verifying' | 'expired' | 'retired';

export type SigningKeyProps = Readonly<{
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  /** 1, 2, 3…: the store keeps at most one key per generation, so concurrent rotations create one key. */
  generation: number;
  algorithm: SigningAlgorithm;
  publicJwk: PublicJwk;
  /** The private key, encrypted; opaque outside the adapter that made it. */
  sealedPrivateKey: string;
  created: Date;
  /** When it starts signing; it signs until a later key starts. */
  signsFrom: Date;
  retired: Date | null;
}>;

/** A key of the service's own, as stored. */
export class SigningKey {
  private constructor(readonly props: SigningKeyProps) {}

  static create(props: Omit<SigningKeyProps, 'retired'>): SigningKey {
    return new SigningKey({ ...props, retired: null });
  }

  static restore(props: SigningKeyProps): SigningKey {
    return new SigningKey(props);
  }

  get kid(): string {
    return this.props.kid;
  }

  get generation(): number {
    return this.props.generation;
  }

  get algorithm(): SigningAlgorithm {
    return this.props.algorithm;
  }

  get signsFrom(): Date {
    return this.props.signsFrom;
  }

  get isRetired(): boolean {
    return this.props.retired !== null;
  }

  /** Live, or retired only once it had started signing: either way, the keys before it no longer sign. */
  get hasTakenOver(): boolean {
    return this.props.retired === null || this.props.retired >= this.props.signsFrom;
  }

  retire(now: Date): SigningKey {
    return this.isRetired ? this : new SigningKey({ ...this.props, retired: now });
  }
}

/** No stored key has this kid (the operator mistyped it, or it never existed). */
export type SigningKeyNotFound = Readonly<{ _tag: 'SigningKeyNotFound'; kid: string }>;
export const signingKeyNotFound = (kid: string): SigningKeyNotFound => ({ _tag: 'SigningKeyNotFound', kid });
