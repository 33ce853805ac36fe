/** New unique ids for entities: opaque strings, unguessable, never reused. */
export interface IdGenerator {
  nextId(): string;
}
