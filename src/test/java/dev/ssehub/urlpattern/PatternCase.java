package dev.ssehub.urlpattern;

import java.util.List;

/**
 * One pattern of the differential test, the base URL it is compiled and tested with (null for an
 * absolute pattern) and the inputs it is tested on; {@code origin} says where it came from.
 */
record PatternCase(String origin, String pattern, String baseURL, List<String> inputs) {
}
