package dev.ssehub.ops;

/**
 * Names shared by the OpenAPI annotations of the resources and {@code META-INF/openapi.yaml},
 * which defines the tags, security schemes, schemas and problem responses they refer to.
 */
public final class ApiDocs {

    /** Tag of the Mercure hub's endpoints. */
    public static final String HUB = "hub";
    /** Tag of the demo's endpoints. */
    public static final String DEMO = "demo";

    /** Security scheme: {@code Authorization: Bearer <JWS>}. */
    public static final String BEARER = "bearer";
    /** Security scheme: the token in the {@code authorization} query parameter. */
    public static final String QUERY_TOKEN = "authorizationQuery";
    /** Security scheme: the token in the {@code mercureAuthorization} cookie. */
    public static final String COOKIE_TOKEN = "mercureAuthorizationCookie";

    /** Schema of the publish form's fields. */
    public static final String PUBLISH_FORM = "PublishForm";
    /** Schema of one active subscription (JSON-LD). */
    public static final String SUBSCRIPTION = "Subscription";
    /** Schema of a list of active subscriptions (JSON-LD). */
    public static final String SUBSCRIPTIONS = "Subscriptions";

    /** Description of the {@code authorization} query parameter. */
    public static final String QUERY_TOKEN_PARAMETER = "Draft-07 only: the token (JWS), when there is no Authorization "
            + "header";
    /** Description of the {@code mercureAuthorization} cookie. */
    public static final String COOKIE_TOKEN_PARAMETER = "Draft-07 only: the token (JWS), when there is neither "
            + "Authorization header nor authorization query parameter";
    /** Description of the {@code __Secure-mercure_access_token} cookie. */
    public static final String ACCESS_TOKEN_COOKIE_PARAMETER = "Draft-08 only: the access token (at+jwt), when there "
            + "is no Authorization header";

    /** Problem response: the request was refused as invalid; {@code type} says which rule it broke. */
    public static final String BAD_REQUEST = "BadRequest";
    /** Problem response: the token is missing or invalid. */
    public static final String UNAUTHORIZED = "Unauthorized";
    /** Problem response: the token does not allow this. */
    public static final String FORBIDDEN = "Forbidden";
    /** Problem response: nothing here. */
    public static final String NOT_FOUND = "NotFound";
    /** Problem response: {@code Accept} excludes what the endpoint produces. */
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    /** Problem response: {@code data} is over {@code hub.max-update-size}. */
    public static final String TOO_LARGE = "UpdateTooLarge";
    /** Problem response: the body's {@code Content-Type} is not the one the endpoint reads. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    /** Problem response: the client or the replica has all the subscriptions it may have open. */
    public static final String TOO_MANY_SUBSCRIPTIONS = "TooManySubscriptions";
    /** Problem response: a bug, logged under the incident id of {@code detail}. */
    public static final String INTERNAL_ERROR = "InternalError";
    /** Problem response: not accepted now (transport down, or the replica is shutting down). */
    public static final String UNAVAILABLE = "Unavailable";

    private ApiDocs() {
    }
}
