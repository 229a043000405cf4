package dev.ssehub.urlpattern;

/** Code point helpers shared by the URL parser and the pattern parsers. */
final class Strings {

    private Strings() {
    }

    /**
     * {@code text} with every lone surrogate replaced by U+FFFD, as a JavaScript string becomes a
     * USVString before the URL and URL Pattern algorithms see it.
     */
    static String scalarValues(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlphanumeric(int c) {
        return isAsciiAlpha(c) || (c >= '0' && c <= '9');
    }
}
