package dev.ssehub.support;

/** Stopping what a test class started. */
public final class Processes {

    private Processes() {
    }

    /** Closes each of {@code processes} that is not {@code null}, going on past failures: stopping the others matters more. */
    public static void closeAll(AutoCloseable... processes) {
        for (AutoCloseable process : processes) {
            try {
                if (process != null) {
                    process.close();
                }
            } catch (Exception e) {
                // The next one still has to stop.
            }
        }
    }
}
