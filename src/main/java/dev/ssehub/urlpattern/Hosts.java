package dev.ssehub.urlpattern;

import java.text.Normalizer;

/**
 * The host parser of the WHATWG URL Standard: a domain (through IDNA), an IPv4 or IPv6 address,
 * or, for a URL whose scheme is not special, an opaque host. Each method returns the host
 * serialized, or null where the standard fails.
 *
 * <p>Domains go through an approximation of UTS #46 ToASCII (nontransitional, as in browsers and
 * Node.js): code points are lowercased and NFKC-normalized, the characters UTS #46 ignores (soft
 * hyphen, variation selectors, zero-width space) dropped, ideographic full stops read as dots, and
 * each non-ASCII label encoded as Punycode. Unlike the standard's table it keeps no list of
 * disallowed code points (it refuses unassigned, private-use, control and surrogate ones and labels
 * that start with a combining mark, which covers the ones seen in URLs) and skips the Bidi and
 * ContextJ rules; it knows the Unicode version of the running JDK (13 on Java 17), so a character
 * added later is refused here while Node.js accepts it. {@code java.net.IDN} is not used: it
 * implements IDNA2003, which maps {@code ß} to {@code ss} and {@code ς} to {@code σ} where URLs keep
 * them, and refuses labels longer than 63 characters, which URLs accept.
 */
final class Hosts {

    /** Code points no host may contain (the URL Standard's forbidden host code points). */
    private static final String FORBIDDEN_HOST = "\u0000\t\n\r #/:<>?@[\\]^|";

    private Hosts() {
    }

    /** Parses {@code input} as the host of a special URL ({@code special}) or of any other URL. */
    static String parse(String input, boolean special) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]") || input.length() < 2) {
                return null;
            }
            int[] address = Ipv6.parse(input.substring(1, input.length() - 1));
            return address == null ? null : "[" + Ipv6.serialize(address) + "]";
        }
        if (!special) {
            return opaque(input);
        }
        String ascii = domainToAscii(PercentEncoding.decode(input));
        if (ascii == null || ascii.isEmpty()) {
            return null;
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c <= 0x1F || c == '%' || c == 0x7F || FORBIDDEN_HOST.indexOf(c) >= 0) {
                return null;
            }
        }
        if (Ipv4.endsInANumber(ascii)) {
            long address = Ipv4.parse(ascii);
            return address < 0 ? null : Ipv4.serialize(address);
        }
        return ascii;
    }

    private static String opaque(String input) {
        for (int i = 0; i < input.length(); i++) {
            if (FORBIDDEN_HOST.indexOf(input.charAt(i)) >= 0) {
                return null;
            }
        }
        return PercentEncoding.C0_CONTROL.encode(input);
    }

    /** The ASCII form of a domain, or null if IDNA refuses it. */
    static String domainToAscii(String domain) {
        boolean ascii = domain.chars().allMatch(c -> c < 0x80);
        String mapped = ascii ? lowerAscii(domain) : map(domain);
        StringBuilder out = new StringBuilder(mapped.length());
        int start = 0;
        while (true) {
            int dot = mapped.indexOf('.', start);
            String label = mapped.substring(start, dot < 0 ? mapped.length() : dot);
            String encoded = label(label);
            if (encoded == null) {
                return null;
            }
            out.append(encoded);
            if (dot < 0) {
                return out.toString();
            }
            out.append('.');
            start = dot + 1;
        }
    }

    private static String label(String label) {
        if (label.startsWith("xn--")) {
            String decoded = Punycode.decode(label.substring(4));
            // A label that decodes to ASCII only ("xn--abc-") is accepted, as Node.js 20 accepts it.
            if (decoded == null || decoded.isEmpty() || !decoded.equals(map(decoded)) || !valid(decoded)) {
                return null;
            }
            return label;
        }
        if (label.chars().allMatch(c -> c < 0x80)) {
            return label;
        }
        return valid(label) ? "xn--" + Punycode.encode(label) : null;
    }

    /** The UTS #46 mapping, approximated: see the class comment. */
    private static String map(String domain) {
        StringBuilder lower = new StringBuilder(domain.length());
        domain.codePoints().filter(c -> !ignored(c)).forEach(c -> lower.appendCodePoint(Character.toLowerCase(c)));
        String normalized = Normalizer.normalize(lower, Normalizer.Form.NFKC);
        StringBuilder again = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(c -> again.appendCodePoint(c == 0x3002 ? '.' : Character.toLowerCase(c)));
        return Normalizer.normalize(again, Normalizer.Form.NFC);
    }

    private static boolean ignored(int c) {
        return c == 0xAD || c == 0x34F || c == 0x200B || c == 0x2060 || c == 0xFEFF
                || (c >= 0x180B && c <= 0x180D) || (c >= 0xFE00 && c <= 0xFE0F);
    }

    private static boolean valid(String label) {
        int first = label.codePointAt(0);
        int firstType = Character.getType(first);
        if (firstType == Character.NON_SPACING_MARK || firstType == Character.ENCLOSING_MARK
                || firstType == Character.COMBINING_SPACING_MARK) {
            return false;
        }
        return label.codePoints().allMatch(c -> {
            int type = Character.getType(c);
            return c > 0x20 && c != 0xFFFD && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
                    && type != Character.SURROGATE && type != Character.CONTROL;
        });
    }

    private static String lowerAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }
}
