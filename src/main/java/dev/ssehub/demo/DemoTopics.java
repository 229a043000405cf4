package dev.ssehub.demo;

import java.util.List;

/** The hub topics of the demo; any Mercure client can subscribe to them too. */
public final class DemoTopics {

    /** This node's clock ticks (not kept in the history). */
    public static final String CLOCK = "/demo/clock";
    /** Chat events: {@code user_joined}, {@code user_left}, {@code message}. */
    public static final String CHAT = "/demo/chat";
    /** How many subscribers follow the chat: {@code subscribers} events (not kept in the history). */
    public static final String PRESENCE = "/demo/presence";

    /** Everything the page's stream carries. */
    public static final List<String> PAGE = List.of(CLOCK, CHAT, PRESENCE);

    private DemoTopics() {
    }
}
