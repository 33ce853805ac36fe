import type { PublicJwk, SigningAlgorithm } from '../../domain/signing-key';

/** A fresh key pair: its kid (RFC 7638 thumbprint), its public JWK and its private key sealed for storage. */
export type NewKeyMaterial = Readonly<{ kid: string; publicJwk: PublicJwk; sealedPrivateKey: string }>;

/** Makes key pairs. The private key leaves it encrypted only; throws only when the crypto library fails. */
export interface KeyMaterial {
  generate(algorithm: SigningAlgorithm): Promise<NewKeyMaterial>;
}
