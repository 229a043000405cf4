package dev.ssehub.hub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/** The subscriptions of this node, in memory: the directory of a hub that runs as one node. Thread-safe. */
public final class LocalSubscriptionDirectory implements SubscriptionDirectory {

    private final Map<String, ObjectNode> active = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> started(String id, ObjectNode document) {
        active.put(id, document);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> ended(String id) {
        active.remove(id);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<ObjectNode>> list() {
        return Uni.createFrom().item(List.copyOf(active.values()));
    }

    @Override
    public void close() {
        active.clear();
    }
}
