package dev.ssehub.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.jose4j.keys.HmacKey;

/** Reads the verification key of a configured algorithm from configuration text. */
final class Keys {

    /** The algorithms a configured key may be for. */
    static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256",
            "EdDSA");

    private static final int MIN_SECRET_BYTES = 32;

    private Keys() {
    }

    /**
     * The algorithm's canonical spelling ({@code EdDSA}, else upper case).
     *
     * @throws IllegalArgumentException if it is not one of {@link #ALGORITHMS}
     */
    static String algorithm(String algorithm, String keyName) {
        for (String known : ALGORITHMS) {
            if (known.equalsIgnoreCase(algorithm)) {
                return known;
            }
        }
        throw new IllegalArgumentException("Unsupported JWT algorithm '" + algorithm + "' for " + keyName + "; use one of "
                + String.join(", ", ALGORITHMS));
    }

    /**
     * The key of {@code text} for {@code algorithm}: the UTF-8 bytes of a shared secret for HS*, a
     * PEM (or bare base64 DER) public key for the others.
     *
     * @throws IllegalArgumentException if the key is unusable with the algorithm, saying why
     */
    static Key key(String text, String algorithm, String keyName) {
        if (algorithm.startsWith("HS")) {
            byte[] secret = text.getBytes(StandardCharsets.UTF_8);
            int needed = Math.max(MIN_SECRET_BYTES, Integer.parseInt(algorithm.substring(2)) / 8);
            if (secret.length < needed) {
                throw new IllegalArgumentException(keyName + " must be at least " + needed + " bytes for " + algorithm
                        + " (it has " + secret.length + "); use a long random secret");
            }
            return new HmacKey(secret);
        }
        String family = switch (algorithm.toUpperCase(Locale.ROOT).substring(0, 2)) {
            case "RS" -> "RSA";
            case "ES" -> "EC";
            default -> "Ed25519";
        };
        String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(keyName + " must be " + (family.equals("EC") ? "a P-256 EC" : "an " + family)
                    + " public key in PEM form (-----BEGIN PUBLIC KEY----- ...) for " + algorithm + ": " + e.getMessage(), e);
        }
    }
}
