package dev.ssehub.auth;

/** A token that is malformed, wrongly signed, expired or of the wrong shape; the message says which. */
public class InvalidTokenException extends Exception {

    /** @param message what is wrong with the token, for a person */
    public InvalidTokenException(String message) {
        super(message);
    }
}
