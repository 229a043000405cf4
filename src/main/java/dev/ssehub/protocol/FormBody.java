package dev.ssehub.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of {@code application/x-www-form-urlencoded} bodies: a malformed percent
 * escape or bytes that are not UTF-8 are refused with the place they occur, instead of being
 * replaced silently as lenient decoders do, since a publisher's data must reach subscribers
 * exactly as sent.
 */
final class FormBody {

    private FormBody() {
    }

    /** A body that cannot be read as a form; the message says where and why. */
    static final class MalformedFormException extends Exception {

        MalformedFormException(String message) {
            super(message, null, false, false);
        }
    }

    /** The fields of {@code body}, in order of first appearance, each with its values in order. */
    static Map<String, List<String>> parse(byte[] body) throws MalformedFormException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start);
            if (end > start) {
                int eq = indexOf(body, (byte) '=', start);
                int nameEnd = eq >= 0 && eq < end ? eq : end;
                String name = decode(body, start, nameEnd, "field name");
                String value = nameEnd < end ? decode(body, nameEnd + 1, end, "value of " + name) : "";
                fields.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return fields;
    }

    /** {@code bytes} decoded as UTF-8, or {@code null} if they are not valid UTF-8 (never a replacement). */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int indexOf(byte[] body, byte wanted, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return body.length;
    }

    private static String decode(byte[] body, int from, int to, String what) throws MalformedFormException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = high >= 0 ? Character.digit(body[i + 2], 16) : -1;
                if (low < 0) {
                    throw new MalformedFormException("the " + what + " has a malformed percent escape at byte " + i
                            + "; write a literal % as %25");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        String decoded = strictUtf8(bytes.toByteArray());
        if (decoded == null) {
            throw new MalformedFormException("the " + what + " is not valid UTF-8; encode the form as UTF-8");
        }
        return decoded;
    }
}
