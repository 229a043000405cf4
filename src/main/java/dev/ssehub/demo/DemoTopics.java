package dev.ssehub.demo;

/** The hub topic of the demo; any Mercure client can subscribe to it too. */
public final class DemoTopics {

    /** Chat events: {@code user_joined}, {@code user_left}, {@code message}. */
    public static final String CHAT = "/demo/chat";

    private DemoTopics() {
    }
}
