/** A refresh secret as the service hands it out: the session's id, a dot, 40 random bytes in hex. */
export const REFRESH_SECRET = /^[0-9a-f]{24}\.[0-9a-f]{80}$/;

/** The part of a refresh secret that is secret: what follows the session's id. */
export const randomPartOf = (secret: string): string => secret.slice(secret.indexOf('.') + 1);
