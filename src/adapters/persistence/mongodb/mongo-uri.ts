/** What connectMongo needs from a MongoDB URI, read without the driver so errors never echo credentials. */
export type MongoUriParts = Readonly<{ hosts: string; database: string }>;

export const DEFAULT_DATABASE = 'jwt-api';

/**
 * `mongodb://user:pass@h1:27017,h2/db?opts` → hosts 'h1:27017,h2', database 'db'.
 * The WHATWG URL parser cannot read multi-host URIs, hence the hand-written split.
 */
export const parseMongoUri = (uri: string): MongoUriParts => {
  const afterScheme = uri.replace(/^[a-z+]+:\/\//i, '');
  const authorityEnd = afterScheme.search(/[/?]/);
  const authority = authorityEnd === -1 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const rest = authorityEnd === -1 ? '' : afterScheme.slice(authorityEnd);
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  const path = rest.startsWith('/') ? (rest.slice(1).split('?')[0] ?? '') : '';
  return { hosts, database: path === '' ? DEFAULT_DATABASE : decodeURIComponent(path) };
};
