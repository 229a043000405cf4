package dev.ssehub.support;

/** Stopping what a test class started. */
public final class Cleanup {

    private Cleanup() {
    }

    /**
     * Closes each of {@code resources} in order, skipping {@code null}s, and goes on past one that
     * fails: stopping the others matters more than that failure.
     */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // The next one is stopped all the same.
            }
        }
    }
}
