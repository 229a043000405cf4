package dev.ssehub.urlpattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IPv4 addresses in URL hosts as the WHATWG URL Standard reads them: one to four dot-separated
 * numbers, each decimal, octal (a leading {@code 0}) or hexadecimal ({@code 0x}), the last one
 * filling the remaining bytes; so {@code 0x7f.1} is {@code 127.0.0.1}.
 */
final class Ipv4 {

    /** A number too large for any part, standing for every longer one. */
    private static final long TOO_LARGE = 1L << 40;

    private Ipv4() {
    }

    /** Whether the last label of {@code domain} is a number, which makes the host an IPv4 address or invalid. */
    static boolean endsInANumber(String domain) {
        List<String> parts = new ArrayList<>(Arrays.asList(domain.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return number(last) >= 0;
    }

    /** The address {@code host} stands for, or -1 if it is not a valid IPv4 address. */
    static long parse(String host) {
        List<String> parts = new ArrayList<>(Arrays.asList(host.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            return -1;
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = parts.get(i).isEmpty() ? -1 : number(parts.get(i));
            if (numbers[i] < 0 || (i < numbers.length - 1 && numbers[i] > 255)) {
                return -1;
            }
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            return -1;
        }
        long address = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return address;
    }

    /** Dotted decimal. */
    static String serialize(long address) {
        return (address >> 24 & 0xFF) + "." + (address >> 16 & 0xFF) + "." + (address >> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** The value of one part, or -1 if it is not a number. */
    private static long number(String part) {
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return part.isEmpty() ? -1 : 0;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 0x7F) {
                return -1;
            }
            value = Math.min(value * radix + digit, TOO_LARGE);
        }
        return value;
    }
}
