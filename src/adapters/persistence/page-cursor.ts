import type { Page, PageRequest } from '../../application/ports/refresh-token-repository';

/**
 * Cursors of the token listing: the position (creation time, id) of the last item of a page,
 * opaque to clients (base64url). A cursor that does not decode starts from the beginning.
 */
export type TokenPosition = Readonly<{ created: Date; id: string }>;

export const encodeCursor = (position: TokenPosition): string =>
  Buffer.from(`${position.created.getTime()}:${position.id}`, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string | undefined): TokenPosition | null => {
  if (cursor === undefined) return null;
  const match = /^(\d{1,15}):([\w-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] === undefined || match[2] === undefined ? null : { created: new Date(Number(match[1])), id: match[2] };
};

/** Whether `item` comes after `position` in (created, id) order. */
export const isAfter = (item: TokenPosition, position: TokenPosition): boolean =>
  item.created.getTime() > position.created.getTime() ||
  (item.created.getTime() === position.created.getTime() && item.id > position.id);

/** One page of items already sorted by (created, id); `next` only when more items follow. */
export const pageOf = <T extends TokenPosition>(sorted: readonly T[], page: PageRequest): Page<T> => {
  const after = decodeCursor(page.after);
  const rest = after === null ? sorted : sorted.filter((item) => isAfter(item, after));
  const items = rest.slice(0, page.limit);
  const last = items[items.length - 1];
  return rest.length > page.limit && last !== undefined ? { items, next: encodeCursor(last) } : { items };
};
