/**
 * Stands in for GoTrue (Supabase Auth) behind the gateway's /auth/v1 prefix: routes each
 * request to the endpoint that answers it and turns failures into GoTrue's error bodies.
 * Endpoints: /signup, /token, /user, /logout, /settings, /health and /admin/users[/{id}].
 * Not supported (refused by name with GoTrue's error body): OTP / magic links, OAuth providers,
 * SSO, MFA, invites, /verify, /recover, identity linking; rate limits and captcha are not
 * enforced. Paths GoTrue does not have get its plain 404. The JWKS is served by the stack itself.
 */
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { createUser, deleteUser, getUserById, listUsers, updateUserById } from "./admin.ts";
import { requireAdmin } from "./authorization.ts";
import { errorResponse, notSupported } from "./errors.ts";
import { signUp } from "./signup.ts";
import { tokenGrant } from "./token.ts";
import { getUser, logoutUser, updateUser } from "./user.ts";

type Endpoint = (request: ApiRequest, stack: LocalStack, pathId: string) => Promise<Response>;

const json = (body: unknown) => Response.json(body);

const ROUTES: Record<string, Partial<Record<string, Endpoint>>> = {
  "/signup": { POST: async (request, stack) => json(await signUp(request, stack)) },
  "/token": { POST: async (request, stack) => json(await tokenGrant(request, stack)) },
  "/user": {
    GET: async (request, stack) => json(await getUser(request, stack)),
    PUT: async (request, stack) => json(await updateUser(request, stack)),
  },
  "/logout": {
    POST: async (request, stack) => {
      await logoutUser(request, stack);
      return new Response(null, { status: 204 });
    },
  },
  "/settings": { GET: async (_request, stack) => json(publicSettings(stack)) },
  "/health": {
    GET: async () => json({ version: "local", name: "GoTrue", description: "GoTrue is a user registration API" }),
  },
  "/admin/users": {
    GET: admin((request, stack) => listUsers(request, stack)),
    POST: admin(async (request, stack) => json(await createUser(request, stack))),
  },
  "/admin/users/{id}": {
    GET: admin(async (_request, stack, id) => json(await getUserById(stack, id))),
    PUT: admin(async (request, stack, id) => json(await updateUserById(request, stack, id))),
    DELETE: admin(async (request, stack, id) => json(await deleteUser(request, stack, id))),
  },
};

/** GoTrue endpoints that exist on hosted Supabase but not here, and the feature each serves. */
const UNSUPPORTED: Array<[RegExp, string]> = [
  [/^\/otp$/, "One-time passwords and magic links (POST /otp)"],
  [/^\/magiclink$/, "Magic links (POST /magiclink)"],
  [/^\/verify$/, "E-mail and phone verification (/verify)"],
  [/^\/resend$/, "Resending confirmation messages (POST /resend)"],
  [/^\/recover$/, "Password recovery e-mails (POST /recover)"],
  [/^\/reauthenticate$/, "Reauthentication nonces (GET /reauthenticate)"],
  [/^\/invite$/, "Invitations (POST /invite)"],
  [/^\/admin\/generate_link$/, "Generated e-mail links (POST /admin/generate_link)"],
  [/^\/admin\/invite$/, "Invitations (POST /admin/invite)"],
  [/^(\/admin\/users\/[^/]+)?\/factors(\/.*)?$/, "Multi-factor authentication (/factors)"],
  [/^(\/admin)?\/sso(\/.*)?$/, "Single sign-on (/sso)"],
  [/^\/saml(\/.*)?$/, "SAML single sign-on (/saml)"],
  [/^\/(authorize|callback)$/, "OAuth providers (/authorize, /callback)"],
  [/^\/user\/identities(\/.*)?$/, "Linking identities (/user/identities)"],
  [/^\/admin\/audit$/, "The audit log (GET /admin/audit)"],
];

/** GoTrue's own CORS (rs/cors as its api.go configures it); the gateway answers preflights (../cors.ts). */
const CORS_METHODS = new Set(["GET", "POST", "PUT", "DELETE", "OPTIONS"]);

export async function handleAuth(request: ApiRequest, stack: LocalStack): Promise<Response> {
  const response = await answer(request, stack);
  response.headers.append("Vary", "Origin");
  const origin = request.headers.get("origin");
  if (origin && CORS_METHODS.has(request.method)) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Access-Control-Expose-Headers", "X-Total-Count, Link, X-Supabase-Api-Version");
    response.headers.set("Access-Control-Allow-Credentials", "true");
  }
  return response;
}

async function answer(request: ApiRequest, stack: LocalStack): Promise<Response> {
  const path = new URL(request.url).pathname.replace(/^\/auth\/v1/, "").replace(/\/+$/, "");
  const userPath = /^\/admin\/users\/([^/]+)$/.exec(path);
  const route = userPath ? ROUTES["/admin/users/{id}"] : ROUTES[path];
  const unsupported = route ? undefined : UNSUPPORTED.find(([pattern]) => pattern.test(path));
  if (unsupported) return errorResponse(request, notSupported(unsupported[1]));
  // chi's defaults, which GoTrue keeps for unknown paths and methods.
  if (!route) return new Response("404 page not found\n", { status: 404, headers: { "content-type": "text/plain" } });
  const endpoint = route[request.method];
  if (!endpoint) return new Response(null, { status: 405 });
  try {
    return await endpoint(request, stack, decodeURIComponent(userPath?.[1] ?? ""));
  } catch (error) {
    return errorResponse(request, error);
  }
}

function admin(endpoint: Endpoint): Endpoint {
  return async (request, stack, id) => {
    await requireAdmin(request, stack);
    return endpoint(request, stack, id);
  };
}

/** GoTrue's GET /settings: which sign-in methods this project offers. */
function publicSettings(stack: LocalStack) {
  const auth = stack.settings.auth;
  const oauthProviders = ["apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab"]
    .concat(["google", "keycloak", "kakao", "linkedin_oidc", "notion", "spotify", "slack_oidc", "workos", "twitch"])
    .concat(["twitter", "zoom"]);
  return {
    external: {
      // Advertised as off even when config.toml turns them on: this stack cannot sign anyone in anonymously.
      anonymous_users: false,
      ...Object.fromEntries(oauthProviders.map((provider) => [provider, false])),
      email: true,
      phone: false,
    },
    disable_signup: !auth.enable_signup,
    mailer_autoconfirm: !auth.email.enable_confirmations,
    phone_autoconfirm: false,
    sms_provider: "twilio",
    saml_enabled: false,
  };
}
