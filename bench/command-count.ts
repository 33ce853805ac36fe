import { MongoClient } from 'mongodb';

/**
 * Counts the commands the MongoDB driver sends, by name, in the bench's API process only: every
 * MongoClient connected from here on gets command monitoring switched on and a listener on its
 * `commandStarted` events. Nothing changes in the service's code or in production; only the
 * bench pays the monitoring's small cost, and only on a database (the embedded store has no client).
 * Heartbeats run on monitoring connections of their own and are not commands: they do not count.
 */
export const countDriverCommands = (): Readonly<{ take: () => Record<string, number> }> => {
  let counts = new Map<string, number>();
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function (this: MongoClient) {
    this.options.monitorCommands = true; // as `new MongoClient(uri, { monitorCommands: true })` would
    if (this.listenerCount('commandStarted') === 0) {
      this.on('commandStarted', (event) => counts.set(event.commandName, (counts.get(event.commandName) ?? 0) + 1));
    }
    return connect.call(this);
  };
  return {
    /** Commands sent since the previous call, by name. */
    take: () => {
      const taken = Object.fromEntries(counts);
      counts = new Map();
      return taken;
    },
  };
};
