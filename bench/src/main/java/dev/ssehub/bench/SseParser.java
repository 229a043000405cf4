package dev.ssehub.bench;

import java.util.Arrays;

import io.vertx.core.buffer.Buffer;

/**
 * A streaming {@code text/event-stream} parser for one connection: it takes the body chunk by
 * chunk, however the chunks split lines, and hands over each event's data (its {@code data:}
 * lines joined with LF) when the blank line ending the event arrives. Comments, {@code id},
 * {@code event} and {@code retry} fields are read and ignored. Not thread-safe: feed it from the
 * connection's event loop.
 *
 * <p>It reuses one buffer for the data, so the handler must read the bytes before returning.
 */
final class SseParser {

    /** Receives the data of each complete event. */
    @FunctionalInterface
    interface EventHandler {

        /** {@code data[0..length)} is the event's data, valid only during the call. */
        void onEvent(byte[] data, int length);
    }

    private static final int MAX_LINE = 1 << 20;
    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    private final EventHandler handler;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private boolean afterCr;

    SseParser(EventHandler handler) {
        this.handler = handler;
    }

    /** Parses the next chunk of the body. */
    void feed(Buffer chunk) {
        int length = chunk.length();
        for (int i = 0; i < length; i++) {
            byte b = chunk.getByte(i);
            if (b == '\n') {
                if (afterCr) {
                    // The LF of a CRLF: the CR already ended the line.
                    afterCr = false;
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                if (lineLength == line.length) {
                    if (line.length >= MAX_LINE) {
                        throw new IllegalStateException("an SSE line is longer than " + MAX_LINE + " bytes");
                    }
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
            }
        }
    }

    private void endLine() {
        if (lineLength == 0) {
            if (hasData) {
                handler.onEvent(data, dataLength);
            }
            hasData = false;
            dataLength = 0;
        } else if (isDataField()) {
            int valueStart = DATA.length;
            if (lineLength > valueStart && line[valueStart] == ':') {
                valueStart++;
                if (lineLength > valueStart && line[valueStart] == ' ') {
                    valueStart++;
                }
            }
            appendData(valueStart);
        }
        lineLength = 0;
    }

    // "data" alone or "data:…"; a comment starts with ':' and other fields have other names.
    private boolean isDataField() {
        if (lineLength < DATA.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) {
                return false;
            }
        }
        return lineLength == DATA.length || line[DATA.length] == ':';
    }

    private void appendData(int valueStart) {
        int valueLength = lineLength - valueStart;
        int needed = dataLength + (hasData ? 1 : 0) + valueLength;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, valueStart, data, dataLength, valueLength);
        dataLength += valueLength;
        hasData = true;
    }
}
