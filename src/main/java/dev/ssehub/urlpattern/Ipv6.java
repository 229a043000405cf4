package dev.ssehub.urlpattern;

/**
 * IPv6 addresses in URL hosts, parsed and serialized as the WHATWG URL Standard does: eight 16-bit
 * pieces, {@code ::} for a run of zeros, an optional trailing dotted IPv4 part; serialized in lower
 * case with the first longest run of two or more zero pieces compressed.
 */
final class Ipv6 {

    private Ipv6() {
    }

    /** The eight pieces of {@code input} (without brackets), or null if it is not an IPv6 address. */
    static int[] parse(String input) {
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int pointer = 0;
        int length = input.length();
        if (at(input, pointer) == ':') {
            if (at(input, pointer + 1) != ':') {
                return null;
            }
            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (pointer < length) {
            if (pieceIndex == 8) {
                return null;
            }
            if (at(input, pointer) == ':') {
                if (compress >= 0) {
                    return null;
                }
                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0;
            int digits = 0;
            while (digits < 4 && PercentEncoding.hex(at(input, pointer)) >= 0) {
                value = value * 16 + PercentEncoding.hex(at(input, pointer));
                pointer++;
                digits++;
            }
            if (at(input, pointer) == '.') {
                if (digits == 0) {
                    return null;
                }
                pointer -= digits;
                if (pieceIndex > 6 || !ipv4(input, pointer, address, pieceIndex)) {
                    return null;
                }
                pieceIndex += 2;
                pointer = length;
                break;
            } else if (at(input, pointer) == ':') {
                pointer++;
                if (pointer >= length) {
                    return null;
                }
            } else if (pointer < length) {
                return null;
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress >= 0) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int swapped = address[compress + swaps - 1];
                address[compress + swaps - 1] = address[pieceIndex];
                address[pieceIndex] = swapped;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            return null;
        }
        return address;
    }

    private static boolean ipv4(String input, int pointer, int[] address, int pieceIndex) {
        int numbersSeen = 0;
        while (pointer < input.length()) {
            int value = -1;
            if (numbersSeen > 0) {
                if (at(input, pointer) == '.' && numbersSeen < 4) {
                    pointer++;
                } else {
                    return false;
                }
            }
            if (!digit(at(input, pointer))) {
                return false;
            }
            while (digit(at(input, pointer))) {
                int number = at(input, pointer) - '0';
                if (value == -1) {
                    value = number;
                } else if (value == 0) {
                    return false;
                } else {
                    value = value * 10 + number;
                }
                if (value > 255) {
                    return false;
                }
                pointer++;
            }
            address[pieceIndex] = address[pieceIndex] * 0x100 + value;
            numbersSeen++;
            if (numbersSeen == 2 || numbersSeen == 4) {
                pieceIndex++;
            }
        }
        return numbersSeen == 4;
    }

    /** Lower-case hex pieces, the first longest run of two or more zero pieces written {@code ::}. */
    static String serialize(int[] address) {
        int compress = -1;
        int longest = 1;
        for (int i = 0; i < 8; ) {
            int end = i;
            while (end < 8 && address[end] == 0) {
                end++;
            }
            if (end - i > longest) {
                longest = end - i;
                compress = i;
            }
            i = end == i ? i + 1 : end;
        }
        StringBuilder out = new StringBuilder();
        boolean ignore0 = false;
        for (int i = 0; i < 8; i++) {
            if (ignore0 && address[i] == 0) {
                continue;
            }
            ignore0 = false;
            if (compress == i) {
                out.append(i == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i != 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    private static int at(String input, int index) {
        return index < input.length() ? input.charAt(index) : -1;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }
}
