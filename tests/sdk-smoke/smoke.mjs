// X's own SDKs (@xdevplatform/xdk, twitter-api-sdk) and the most used community client (twitter-api-v2), unchanged,
// against a running AutoDmGuard X API sandbox: sign in with OAuth 2.0 + PKCE, read /2/users/me and the DM inbox,
// join every message to its sender in includes.users, page on, refresh and revoke.
//
// The SDKs are configured only through their own options (base URLs, an http agent, a plugin). Two hosts are
// hard-coded in them: the authorize page (x.com / twitter.com), which this script opens itself in the browser's
// place, and xdk's token endpoint (https://api.x.com/2/oauth2/token, global fetch), which the fetch wrapper below
// sends to the sandbox as a DNS entry would.
//
// Usage: SANDBOX_URL=http://127.0.0.1:5310 node smoke.mjs   (see run.sh, which also starts the sandbox)
import http from 'node:http';
import assert from 'node:assert/strict';
import { TwitterApi } from 'twitter-api-v2';
import { Client as SdkClient, auth as sdkAuth } from 'twitter-api-sdk';
import { Client as XdkClient, OAuth2 as XdkOAuth2, generateCodeVerifier } from '@xdevplatform/xdk';

const sandbox = new URL(process.env.SANDBOX_URL ?? 'http://127.0.0.1:5310');
const base = sandbox.origin;
// Registered in src/AutoDmGuard.XApiSandbox/appsettings.json (sandbox-only values, not secrets).
const clientId = 'autodmguard-local';
const clientSecret = 'local-sandbox-secret';
const callback = 'http://127.0.0.1:5000/signin-x';
const scopes = ['tweet.read', 'users.read', 'dm.read', 'follows.read', 'offline.access'];
const mira = '1600000000000000001';

const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.hostname === 'api.x.com' || url.hostname === 'api.twitter.com') {
    return realFetch(base + url.pathname + url.search, init);
  }
  return realFetch(input, init);
};

/** Opens the SDK's authorize URL on the sandbox, approves as Mira, returns the code from the callback. */
async function consent(authorizeUrl, expectedMethod) {
  const sent = new URL(authorizeUrl);
  assert.equal(sent.searchParams.get('code_challenge_method'), expectedMethod, 'the SDK sends its usual method');
  const page = await realFetch(base + sent.pathname + sent.search);
  assert.equal(page.status, 200, `consent page: ${page.status} ${await page.text()}`);
  const form = new URLSearchParams(sent.searchParams);
  form.set('user_id', mira);
  form.set('decision', 'allow');
  const answer = await realFetch(base + '/i/oauth2/authorize', { method: 'POST', body: form, redirect: 'manual' });
  assert.equal(answer.status, 302, `consent: ${answer.status} ${await answer.text()}`);
  const location = new URL(answer.headers.get('location'));
  assert.equal(location.searchParams.get('state'), sent.searchParams.get('state'));
  return location.searchParams.get('code');
}

/** Every MessageCreate must carry a sender_id that includes.users resolves. */
function assertSendersJoin(events, users, label) {
  const known = new Set(users.map((u) => u.id));
  const messages = events.filter((e) => (e.event_type ?? e.eventType) === 'MessageCreate');
  assert.ok(messages.length > 0, `${label}: no messages`);
  const joined = messages.filter((e) => known.has(e.sender_id ?? e.senderId));
  assert.equal(joined.length, messages.length, `${label}: ${joined.length} of ${messages.length} events tied to a sender`);
  return messages.length;
}

async function twitterApiV2() {
  // Official extension points: an http agent (the sandbox speaks plain HTTP) and a plugin that points requests at it.
  const redirect = {
    onBeforeRequest({ computedParams }) {
      computedParams.url.protocol = sandbox.protocol;
      computedParams.url.host = sandbox.host;
    },
  };
  const settings = { httpAgent: new http.Agent({ keepAlive: false }), plugins: [redirect] };
  const app = new TwitterApi({ clientId, clientSecret }, settings);
  const link = app.generateOAuth2AuthLink(callback, { scope: scopes });
  const code = await consent(link.url, 's256');
  const { client, refreshToken } = await app.loginWithOAuth2({ code, codeVerifier: link.codeVerifier, redirectUri: callback });
  const me = await client.v2.me({ 'user.fields': ['profile_image_url', 'public_metrics'] });
  assert.equal(me.data.id, mira);
  assert.ok(me.data.profile_image_url, 'profile_image_url');
  assert.equal(typeof me.data.public_metrics.post_count, 'number');

  const timeline = await client.v2.listDmEvents({
    max_results: 50,
    expansions: ['sender_id'],
    'dm_event.fields': ['created_at', 'dm_conversation_id', 'entities'],
    'user.fields': ['username'],
  });
  const first = assertSendersJoin(timeline.events, timeline.includes.users, 'twitter-api-v2 page 1');
  await timeline.fetchNext();
  const total = assertSendersJoin(timeline.events, timeline.includes.users, 'twitter-api-v2 page 2');
  assert.ok(total > first, 'the second page added events');

  const refreshed = await app.refreshOAuth2Token(refreshToken);
  assert.equal((await refreshed.client.v2.me()).data.id, mira);
  await app.revokeOAuth2Token(refreshed.accessToken, 'access_token');
  await assert.rejects(refreshed.client.v2.me(), (e) => e.code === 401, 'revoked token refused');
  return `twitter-api-v2: signed in (s256, JSON token body), ${total} messages over 2 pages all joined to includes.users, refresh + revoke ok`;
}

async function twitterApiSdk() {
  const authClient = new sdkAuth.OAuth2User({
    client_id: clientId,
    client_secret: clientSecret,
    callback,
    scopes,
    request_options: { base_url: base },
  });
  const url = authClient.generateAuthURL({ state: 'sdk-state', code_challenge_method: 's256' });
  const code = await consent(url, 's256');
  await authClient.requestAccessToken(code); // parameters in the query string
  const client = new SdkClient(authClient, { base_url: base });
  const me = await client.users.findMyUser({ 'user.fields': ['profile_image_url'] });
  assert.equal(me.data.id, mira);
  assert.ok(me.data.profile_image_url, 'profile_image_url');
  const following = await client.users.usersIdFollowing(mira, { max_results: 1 });
  assert.ok(following.meta.next_token.length >= 16, `next_token ${following.meta.next_token}`);
  await authClient.refreshAccessToken();
  assert.equal((await client.users.findMyUser()).data.id, mira);
  await authClient.revokeAccessToken();
  return 'twitter-api-sdk: signed in (s256, query-string token request), users/me with avatar, following page token >= 16, refresh + revoke ok';
}

async function xdk() {
  const oauth = new XdkOAuth2({ clientId, clientSecret, redirectUri: callback, scope: scopes });
  const verifier = generateCodeVerifier();
  await oauth.setPkceParameters(verifier);
  const url = await oauth.getAuthorizationUrl('xdk-state');
  const code = await consent(url, 'S256');
  const token = await oauth.exchangeCode(code, verifier);
  const client = new XdkClient({ accessToken: token.access_token, baseUrl: base });
  let events = [];
  let users = [];
  let pages = 0;
  let next;
  do {
    const page = await client.directMessages.getEvents({ maxResults: 100, expansions: ['sender_id'], userFields: ['username'], paginationToken: next });
    events = events.concat(page.data ?? []);
    users = users.concat(page.includes?.users ?? []);
    next = page.meta?.next_token ?? page.meta?.nextToken;
    pages++;
  } while (next);
  const messages = assertSendersJoin(events, users, 'xdk');
  return `@xdevplatform/xdk: signed in (S256, form token body), ${messages} messages over ${pages} pages all joined to includes.users via expansions=sender_id`;
}

let failed = 0;
for (const [name, run] of [['twitter-api-v2', twitterApiV2], ['twitter-api-sdk', twitterApiSdk], ['@xdevplatform/xdk', xdk]]) {
  try {
    console.log('ok   ' + (await run()));
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
    if (error?.data) console.log(JSON.stringify(error.data));
  }
}
process.exit(failed === 0 ? 0 : 1);
