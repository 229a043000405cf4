package dev.ssehub.rest;

/**
 * Validation rules of the demo chat, shared by its request bodies and path parameters. Lengths
 * count Unicode code points, so an emoji is one character.
 */
final class ChatRules {

    /** 1-32 code points, at least one not whitespace, none a control character or line break. */
    static final String USER_PATTERN = "(?U)(?=.*\\S)[^\\p{Cc}\\p{Zl}\\p{Zp}\\uD800-\\uDFFF]{1,32}";
    /** 1-2000 code points, at least one not whitespace, no unpaired surrogate. */
    static final String TEXT_PATTERN = "(?sU)(?=.*\\S)[^\\uD800-\\uDFFF]{1,2000}";

    static final String USER_REQUIRED = "user is required, e.g. {\"user\":\"ada\"}";
    static final String USER_INVALID =
            "user must be 1 to 32 characters of valid Unicode, not only spaces, without control characters or line breaks";
    static final String TEXT_REQUIRED = "text is required, e.g. {\"user\":\"ada\",\"text\":\"hi\"}";
    static final String TEXT_INVALID = "text must be 1 to 2000 characters of valid Unicode and not only spaces";
    static final String BODY_REQUIRED = "a JSON body is required";

    private ChatRules() {
    }
}
