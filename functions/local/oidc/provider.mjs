// A real OpenID provider on loopback for Tandem's tests and `tandem serve --demo-sso`:
// oidc-provider (OpenID Certified), with its built-in sign-in page (devInteractions).
// It is for one machine only: the sign-in page takes any password.
//
// Environment:
//   OIDC_PORT      the port to listen on (127.0.0.1 only)
//   OIDC_USERS     a JSON file {"login": {"email", "email_verified", "name", "groups"}},
//                  read again at every sign-in, so a test can take a group away
//   OIDC_CLIENTS   JSON [{"client_id", "client_secret", "redirect_uris"}]
//   OIDC_JWKS      optional JSON file of private signing keys (a test signs its own
//                  tokens with them); otherwise a key made at start
//   OIDC_CLAIMS_IN optional "userinfo": scope claims only from userinfo, as many
//                  providers do; default: in the ID token as well
// Prints "ready <issuer>" once listening; exits when its standard input closes,
// so it never outlives the process that started it.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const users = () => JSON.parse(readFileSync(process.env.OIDC_USERS, 'utf8'));
const clients = JSON.parse(process.env.OIDC_CLIENTS).map((c) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...c,
}));
const SCOPES = 'openid email profile';

const configuration = {
  clients,
  jwks: process.env.OIDC_JWKS ? JSON.parse(readFileSync(process.env.OIDC_JWKS, 'utf8')) : undefined,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // `groups` comes with the profile scope, as an admin would map it in Okta or Keycloak;
  // `xms_edov` is how Microsoft Entra ID vouches for an address (it sends no email_verified).
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified', 'xms_edov'],
    profile: ['name', 'groups'],
  },
  conformIdTokenClaims: process.env.OIDC_CLAIMS_IN === 'userinfo',
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(ctx, sub) {
    const user = users()[sub];
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, ...user };
      },
    };
  },
  // A company's own application asks no consent: the grant is given at sign-in.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPES);
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => { server.close(); process.exit(0); });
process.stdin.on('error', () => process.exit(0));
