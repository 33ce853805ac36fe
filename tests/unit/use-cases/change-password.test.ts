import { expect } from 'chai';
import type { Session } from '../../../src/application/session';
import { Actor } from '../../../src/domain/actor';
import { Role } from '../../../src/domain/role';
import type { User } from '../../../src/domain/user';
import { BcryptPasswordHasher } from '../../../src/adapters/security/bcrypt-password-hasher';
import { BusyPasswordHasher } from '../../support/busy-password-hasher';
import { leftOf, rightOf } from '../../support/either-assertions';
import { StepControl } from '../../support/step-control';
import { eventsNamed } from '../../support/events-named';
import { buildUseCases, PASSWORD, THROTTLE, type UseCases } from '../../support/use-case-fixture';

const NEW_PASSWORD = 'a brand new passphrase';

describe('ChangePassword', () => {
  let f: UseCases;
  let ada: User;

  /** The session id the access token carries (its `sid` claim), read without verifying. */
  const sidOf = (session: Session): string =>
    (JSON.parse(Buffer.from(session.accessToken.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid: string }).sid;
  const change = (caller: Session, fields: { currentPassword?: string; newPassword?: string }, actor: Actor = Actor.user(ada), ip = '10.0.0.1') =>
    f.changePassword.execute({ actor, userId: ada.id, newPassword: NEW_PASSWORD, ...fields, ip, callerSessionId: sidOf(caller) });
  const refreshes = async (session: Session): Promise<boolean> =>
    (await f.refreshSession.execute({ token: session.refreshToken.value, ip: '10.0.0.1' }))._tag === 'Right';

  beforeEach(async () => {
    f = buildUseCases();
    ada = await f.addUser('ada');
  });

  it("stores the new hash and ends every other session of the user, keeping the caller's", async () => {
    const mine = await f.login('ada');
    const others = [await f.login('ada'), await f.login('ada')];

    const result = rightOf(await change(mine, { currentPassword: PASSWORD }));

    expect(result.revokedSessions).to.equal(2);
    expect(leftOf(await f.authenticate.execute({ username: 'ada', password: PASSWORD, ip: '10.0.0.1' }))._tag).to.equal('InvalidCredentials');
    rightOf(await f.authenticate.execute({ username: 'ada', password: NEW_PASSWORD, ip: '10.0.0.1' }));
    for (const other of others) expect(await refreshes(other)).to.equal(false);
    expect(await refreshes(mine)).to.equal(true);
    rightOf(await f.authorizeRequest.execute({ accessToken: mine.accessToken.token }));
    expect(leftOf(await f.authorizeRequest.execute({ accessToken: others[0]?.accessToken.token ?? '' }))._tag).to.equal('Unauthenticated');
    expect(eventsNamed(f, 'passwordChanged')).to.deep.equal([{ userId: ada.id, by: ada.id }]);
    expect(eventsNamed(f, 'sessionsRevoked')).to.deep.equal([{ userId: ada.id, sessions: 2, by: ada.id, ip: '10.0.0.1' }]);
  });

  it("lets an admin set another user's password without the current one, ending all of that user's sessions", async () => {
    const admin = await f.addUser('root', Role.Admin);
    const adminSession = await f.login('root');
    const adas = [await f.login('ada'), await f.login('ada')];

    const result = rightOf(await change(adminSession, {}, Actor.user(admin)));

    expect(result.revokedSessions).to.equal(2);
    for (const session of adas) expect(await refreshes(session)).to.equal(false);
    expect(await refreshes(adminSession)).to.equal(true);
    expect(eventsNamed(f, 'passwordChanged')).to.deep.equal([{ userId: ada.id, by: admin.id }]);
  });

  it('refuses a wrong or missing current password, and changes nothing', async () => {
    const mine = await f.login('ada');
    const other = await f.login('ada');
    expect(leftOf(await change(mine, { currentPassword: 'not the password' }))).to.deep.equal({ _tag: 'WrongCurrentPassword' });
    expect(leftOf(await change(mine, {}))).to.deep.equal({ _tag: 'InvalidPassword', problems: ['currentPassword is required'] });
    rightOf(await f.authenticate.execute({ username: 'ada', password: PASSWORD, ip: '10.0.0.1' }));
    expect(await refreshes(other)).to.equal(true);
    expect(eventsNamed(f, 'loginFailed')).to.deep.equal([{ username: 'ada', ip: '10.0.0.1', reason: 'wrong-password' }]);
  });

  it('counts a wrong current password as a failed login: past the limit even the right one is refused unchecked', async () => {
    const mine = await f.login('ada');
    for (let i = 0; i < THROTTLE.maxFailuresPerUsername; i += 1) {
      expect(leftOf(await change(mine, { currentPassword: `guess ${i}` }, Actor.user(ada), `10.0.1.${i}`))._tag).to.equal('WrongCurrentPassword');
    }
    const checked = f.hasher.verifyCalls.length;

    expect(leftOf(await change(mine, { currentPassword: PASSWORD }))).to.deep.equal({ _tag: 'LoginThrottled', retryAfterSeconds: THROTTLE.windowSeconds });
    expect(leftOf(await f.authenticate.execute({ username: 'ada', password: PASSWORD, ip: '10.0.9.9' }))._tag, 'the login shares the count').to.equal('LoginThrottled');
    expect(f.hasher.verifyCalls).to.have.length(checked);
  });

  it('follows the rules for a new password, and a user may not change another user\'s', async () => {
    const mine = await f.login('ada');
    expect(leftOf(await change(mine, { currentPassword: PASSWORD, newPassword: 'short' }))._tag).to.equal('InvalidPassword');
    const bob = await f.addUser('bob');
    expect(leftOf(await change(mine, { currentPassword: PASSWORD }, Actor.user(bob)))).to.deep.equal({ _tag: 'Forbidden' });
  });

  it('a login checked against the old password while the change lands gets a session that is refused at its first use and not listed', async () => {
    const steps = new StepControl();
    f = buildUseCases(undefined, undefined, { wrapTokens: (store) => steps.wrap(store) });
    ada = await f.addUser('ada');
    const mine = await f.login('ada');
    const paused = steps.pauseAt('add');
    const racing = f.authenticate.execute({ username: 'ada', password: PASSWORD, ip: '10.6.6.6' });
    await paused.reached;

    rightOf(await change(mine, { currentPassword: PASSWORD }));
    paused.release();
    // The change could not see this session to end it: only its epoch tells.
    const late = rightOf(await racing);
    expect(await f.tokens.endingOf(sidOf(late))).to.equal(null);

    const current = (await f.users.findById(ada.id)) ?? expect.fail('ada is gone');
    const live = rightOf(await f.listSessions.execute({ actor: Actor.user(current), userId: ada.id, callerSessionId: sidOf(mine) }));
    expect(live.map((session) => session.id)).to.deep.equal([sidOf(mine)]);
    expect(leftOf(await f.authorizeRequest.execute({ accessToken: late.accessToken.token }))._tag).to.equal('Unauthenticated');
    expect(await refreshes(late)).to.equal(false);
    expect((await f.tokens.endingOf(sidOf(late)))?.reason, 'ended at its refusal').to.equal('revoked');
    expect(eventsNamed(f, 'reuseDetected')).to.deep.equal([]);

    rightOf(await f.authorizeRequest.execute({ accessToken: mine.accessToken.token }));
    const rotated = (await f.refreshSession.execute({ token: mine.refreshToken.value, ip: '10.0.0.1' }));
    rightOf(await f.authorizeRequest.execute({ accessToken: rightOf(rotated).accessToken.token }));
  });

  it("after a change the caller's session carries the new epoch: a second change by another session ends it", async () => {
    const mine = await f.login('ada');
    rightOf(await change(mine, { currentPassword: PASSWORD }));
    const rotated = rightOf(await f.refreshSession.execute({ token: mine.refreshToken.value, ip: '10.0.0.1' }));
    const current = (await f.users.findById(ada.id)) ?? expect.fail('ada is gone');
    expect((await f.stored(rotated.refreshToken.value)).credentialEpoch).to.be.a('string').and.equal(current.credentialEpoch);
    const other = rightOf(await f.authenticate.execute({ username: 'ada', password: NEW_PASSWORD, ip: '10.0.0.2' }));

    rightOf(await f.changePassword.execute({ actor: Actor.user(ada), userId: ada.id, currentPassword: NEW_PASSWORD, newPassword: 'a third passphrase', ip: '10.0.0.2', callerSessionId: sidOf(other) }));

    expect(leftOf(await f.authorizeRequest.execute({ accessToken: rotated.accessToken.token }))._tag).to.equal('Unauthenticated');
    expect(await refreshes(rotated)).to.equal(false);
    rightOf(await f.authorizeRequest.execute({ accessToken: other.accessToken.token }));
  });

  it('refuses a current password longer than bcrypt reads, unchecked and counted, even when its first 72 bytes are the password', async () => {
    const longest = 'p'.repeat(72);
    const bob = rightOf(await f.createUser.execute({ actor: Actor.operator, firstName: 'Bob', lastName: 'B', username: 'bob', password: longest, role: Role.User }));
    const mine = rightOf(await f.authenticate.execute({ username: 'bob', password: longest, ip: '10.0.0.1' }));
    const checked = f.hasher.verifyCalls.length;

    const changed = await f.changePassword.execute({
      actor: Actor.user(bob), userId: bob.id, currentPassword: `${longest}!`, newPassword: NEW_PASSWORD, ip: '10.0.0.1', callerSessionId: sidOf(mine),
    });

    expect(leftOf(changed)).to.deep.equal({ _tag: 'WrongCurrentPassword' });
    expect(f.hasher.verifyCalls, 'no bcrypt run').to.have.length(checked);
    expect(eventsNamed(f, 'loginFailed')).to.deep.equal([{ username: 'bob', ip: '10.0.0.1', reason: 'wrong-password' }]);
    rightOf(await f.authenticate.execute({ username: 'bob', password: longest, ip: '10.0.0.1' }));
  });

  it('answers busy when the hasher is full, and does not count the unchecked attempt', async () => {
    const busy = new BusyPasswordHasher(new BcryptPasswordHasher(4));
    f = buildUseCases(undefined, undefined, { innerHasher: busy });
    ada = await f.addUser('ada');
    const mine = await f.login('ada');
    busy.busyFor = 7;
    for (let i = 0; i <= THROTTLE.maxFailuresPerUsername; i += 1) {
      expect(leftOf(await change(mine, { currentPassword: PASSWORD }))).to.deep.equal({ _tag: 'ServiceBusy', retryAfterSeconds: 7 });
    }
    busy.busyFor = null;
    rightOf(await change(mine, { currentPassword: PASSWORD }));
  });
});
