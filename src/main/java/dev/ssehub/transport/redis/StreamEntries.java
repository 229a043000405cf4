package dev.ssehub.transport.redis;

import java.util.List;

import org.jboss.logging.Logger;

import dev.ssehub.hub.Envelope;
import dev.ssehub.hub.Position;

import io.vertx.mutiny.redis.client.Response;

/**
 * The keys of one hub in Redis and the entries of its stream. Keys all carry the configured prefix
 * in a hash tag, so that a Redis Cluster keeps them in one slot: {@code {prefix}:updates}, the
 * stream (entries {@code id}, {@code at}, {@code update}); {@code {prefix}:ids}, a hash from update
 * id to the earliest entry that holds it, for {@code Last-Event-ID}; {@code {prefix}:id-log}, the
 * index's entries in stream order, so that appending also drops the index entries of trimmed
 * updates; {@code {prefix}:id-repeats}, how many later copies of a reused id are retained.
 * Immutable and thread-safe.
 */
final class StreamEntries {

    private static final Logger LOG = Logger.getLogger(StreamEntries.class);

    private final String streamKey;
    private final List<String> keys;
    private final UpdateCodec codec = new UpdateCodec();

    StreamEntries(String keyPrefix) {
        String tag = "{" + keyPrefix + "}";
        this.streamKey = tag + ":updates";
        this.keys = List.of(streamKey, tag + ":ids", tag + ":id-log", tag + ":id-repeats");
    }

    /** The stream's key. */
    String streamKey() {
        return streamKey;
    }

    /** The stream, the id index, the index log and the repeats of reused ids, in that order. */
    List<String> keys() {
        return keys;
    }

    /** The codec of the {@code update} field. */
    UpdateCodec codec() {
        return codec;
    }

    /**
     * The envelope of a stream entry, or {@code null} for an entry this hub did not write; logged as
     * a warning when {@code live} (once per entry), else at debug level (history reads meet it again).
     */
    Envelope decode(Response entry, boolean live) {
        String entryId = entry.get(0).toString();
        Response fields = entry.get(1);
        String id = null;
        String at = null;
        String update = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            switch (fields.get(i).toString()) {
                case "id" -> id = fields.get(i + 1).toString();
                case "at" -> at = fields.get(i + 1).toString();
                case "update" -> update = fields.get(i + 1).toString();
                default -> { }
            }
        }
        try {
            if (id == null || at == null || update == null) {
                throw new IllegalArgumentException("fields id, at and update expected");
            }
            return new Envelope(codec.decode(id, update), position(entryId), Long.parseLong(at));
        } catch (IllegalArgumentException e) {
            LOG.logf(live ? Logger.Level.WARN : Logger.Level.DEBUG, "Skipped entry %s of %s, which this hub did not write: %s",
                    entryId, streamKey, e.getMessage());
            return null;
        }
    }

    /** A stream entry id ({@code ms-seq}) as a position. */
    static Position position(String entryId) {
        int dash = entryId.indexOf('-');
        return new Position(Long.parseUnsignedLong(entryId, 0, dash, 10),
                Long.parseUnsignedLong(entryId, dash + 1, entryId.length(), 10));
    }
}
