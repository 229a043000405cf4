package dev.ssehub.urlpattern;

/**
 * Punycode (RFC 3492), the encoding of one internationalized domain label as ASCII. Written here
 * rather than taken from {@link java.net.IDN} because IDN applies the IDNA2003 mapping (which turns
 * {@code ß} into {@code ss}) before it encodes, while URLs use the UTS #46 nontransitional mapping.
 */
final class Punycode {

    private static final int BASE = 36;
    private static final int T_MIN = 1;
    private static final int T_MAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;

    private Punycode() {
    }

    /** The Punycode of {@code label} (without the {@code xn--} prefix). */
    static String encode(String label) {
        int[] input = label.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int c : input) {
            if (c < 0x80) {
                out.append((char) c);
            }
        }
        int basic = out.length();
        int handled = basic;
        if (basic > 0) {
            out.append('-');
        }
        int n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < input.length) {
            int next = Integer.MAX_VALUE;
            for (int c : input) {
                if (c >= n && c < next) {
                    next = c;
                }
            }
            delta += (long) (next - n) * (handled + 1);
            n = next;
            for (int c : input) {
                if (c < n) {
                    delta++;
                }
                if (c == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = threshold(k, bias);
                        if (q < t) {
                            break;
                        }
                        out.append(digit((int) (t + (q - t) % (BASE - t))));
                        q = (q - t) / (BASE - t);
                    }
                    out.append(digit((int) q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return out.toString();
    }

    /** The label {@code encoded} (without {@code xn--}) stands for, or null if it is not valid Punycode. */
    static String decode(String encoded) {
        int delimiter = encoded.lastIndexOf('-');
        StringBuilder out = new StringBuilder();
        int length = 0;
        for (int i = 0; i < Math.max(delimiter, 0); i++) {
            char c = encoded.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            out.append(c);
            length++;
        }
        int[] output = out.codePoints().toArray();
        int[] buffer = java.util.Arrays.copyOf(output, encoded.length() + 1);
        int n = INITIAL_N;
        long i = 0;
        int bias = INITIAL_BIAS;
        int in = delimiter > 0 ? delimiter + 1 : 0;
        while (in < encoded.length()) {
            long oldI = i;
            long w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= encoded.length()) {
                    return null;
                }
                int digit = value(encoded.charAt(in++));
                if (digit < 0) {
                    return null;
                }
                i += digit * w;
                int t = threshold(k, bias);
                if (i > Integer.MAX_VALUE) {
                    return null;
                }
                if (digit < t) {
                    break;
                }
                w *= BASE - t;
                if (w > Integer.MAX_VALUE) {
                    return null;
                }
            }
            bias = adapt(i - oldI, length + 1, oldI == 0);
            n += (int) (i / (length + 1));
            if (n > Character.MAX_CODE_POINT) {
                return null;
            }
            i %= length + 1;
            System.arraycopy(buffer, (int) i, buffer, (int) i + 1, length - (int) i);
            buffer[(int) i] = n;
            length++;
            i++;
        }
        return new String(buffer, 0, length);
    }

    private static int threshold(int k, int bias) {
        return k <= bias ? T_MIN : Math.min(k - bias, T_MAX);
    }

    private static int adapt(long delta, int points, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((BASE - T_MIN) * T_MAX) / 2) {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        return (int) (k + (BASE - T_MIN + 1) * delta / (delta + SKEW));
    }

    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }

    private static int value(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        return -1;
    }
}
