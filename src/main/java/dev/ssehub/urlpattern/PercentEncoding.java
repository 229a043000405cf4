package dev.ssehub.urlpattern;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The percent-encode sets of the WHATWG URL Standard and UTF-8 percent-encoding and decoding.
 * Every set encodes the C0 controls and every code point above U+007E; they differ in the printable
 * ASCII they add. The path set leaves {@code ^} alone, as the parser of Node.js 20 (ada 2.9) does.
 */
enum PercentEncoding {

    C0_CONTROL(""),
    FRAGMENT(" \"<>`"),
    QUERY(" \"#<>"),
    SPECIAL_QUERY(" \"#<>'"),
    PATH(" \"#<>?`{}"),
    USERINFO(" \"#<>?`{}/:;=@[\\]^|");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String extra;

    PercentEncoding(String extra) {
        this.extra = extra;
    }

    /** Whether {@code codePoint} is written as percent-encoded UTF-8 in this set. */
    boolean encodes(int codePoint) {
        return codePoint < 0x20 || codePoint > 0x7E || extra.indexOf(codePoint) >= 0;
    }

    /** {@code text} with every code point of this set replaced by its percent-encoded UTF-8 bytes. */
    String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> append(out, codePoint));
        return out.toString();
    }

    /** Appends {@code codePoint} to {@code out}, percent-encoded if this set says so. */
    void append(StringBuilder out, int codePoint) {
        if (!encodes(codePoint)) {
            out.appendCodePoint(codePoint);
            return;
        }
        for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }

    /**
     * The bytes of {@code text} with each {@code %XX} triplet decoded (other {@code %} kept), read as
     * UTF-8; malformed sequences become U+FFFD, as the URL Standard's "UTF-8 decode without BOM" does.
     */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
