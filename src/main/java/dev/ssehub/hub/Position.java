package dev.ssehub.hub;

/**
 * A point in a transport's total order of updates: two numbers compared in turn, which fits a
 * plain sequence ({@code 0}, n) as well as a Redis stream entry id ({@code ms-seq}). Immutable.
 *
 * @param major the more significant part
 * @param minor the less significant part
 */
public record Position(long major, long minor) implements Comparable<Position> {

    @Override
    public int compareTo(Position other) {
        int byMajor = Long.compareUnsigned(major, other.major);
        return byMajor != 0 ? byMajor : Long.compareUnsigned(minor, other.minor);
    }

    /** Whether this position comes strictly after {@code other}. */
    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return major + "-" + minor;
    }
}
