package dev.ssehub.bench;

/**
 * The data of a benchmark update: the step it belongs to and the {@link System#nanoTime()} at
 * which it was published, padded to a fixed size so both servers carry the same bytes. Every
 * character is unreserved in a URL, so the payload goes into a form body unencoded.
 */
final class Payload {

    /** Bytes of data per update, about the size of a small JSON document. */
    static final int SIZE = 100;

    private Payload() {
    }

    /** {@code <step>_<nanos>_xxx…}, {@link #SIZE} characters. */
    static String encode(int step, long nanos) {
        StringBuilder out = new StringBuilder(SIZE);
        out.append(step).append('_').append(nanos).append('_');
        while (out.length() < SIZE) {
            out.append('x');
        }
        return out.toString();
    }

    /** The step of an encoded payload, or -1 if {@code data} is not one. */
    static int step(byte[] data, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            byte b = data[i];
            if (b == '_') {
                return i == 0 ? -1 : value;
            }
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return -1;
    }

    /** The publish time of an encoded payload, or -1 if {@code data} is not one. */
    static long nanos(byte[] data, int length) {
        int i = 0;
        while (i < length && data[i] != '_') {
            i++;
        }
        long value = 0;
        boolean negative = false;
        int digits = 0;
        for (i++; i < length && data[i] != '_'; i++) {
            byte b = data[i];
            if (b == '-' && digits == 0 && !negative) {
                negative = true;
            } else if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits++;
            } else {
                return -1;
            }
        }
        return digits == 0 ? -1 : (negative ? -value : value);
    }
}
