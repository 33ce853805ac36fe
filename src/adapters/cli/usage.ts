/** The help text, printed by `help` and after a usage error. */
export const USAGE = `Usage: npm run users -- <command> [options]

Manages the users of the auth service, through the same use cases and the same store as the
server: MongoDB when MONGODB_URI is set. Without MONGODB_URI it works on an empty in-memory
store that is discarded when the command exits: for trying the tool out only.

Commands:
  create --username U --first-name F --last-name L --role Admin|User
        Creates a user. Password: see below.
  list
        Lists every user: id, username, role and name.
  set-password --username U
        Replaces a user's password. Password: see below. Sessions already open stay
        open; end them with revoke-sessions.
  revoke-sessions --username U
        Revokes every active refresh token of the user. Their access tokens are refused
        within ACCESS_REVOCATION_LAG_SECONDS (30 by default).
  help
        Shows this text.

Password (create, set-password): from the environment variable USER_PASSWORD if set, else
the first line of standard input (asked for without echo on a terminal). Never from the
command line, where other users see it in the process list and the shell keeps it in its
history. At least 8 characters, at most 72 bytes.

Examples:
  npm run users -- create --username admin --first-name Ada --last-name Lovelace --role Admin
  printf '%s\\n' "$NEW_PASSWORD" | npm run users -- set-password --username admin
  npm run users -- revoke-sessions --username admin

Exit status: 0 done; 1 bad usage or input refused (unknown user, weak password, taken
username, invalid configuration); 2 failure (store unreachable or failing).
`;
