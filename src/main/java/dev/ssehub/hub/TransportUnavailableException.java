package dev.ssehub.hub;

/** The transport could not accept an update now (e.g. its store is unreachable); retry later. */
public class TransportUnavailableException extends RuntimeException {

    /** @param message what is unavailable, for a person */
    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
