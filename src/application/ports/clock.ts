/** The only source of time for the domain and the use cases. */
export interface Clock {
  now(): Date;
}
