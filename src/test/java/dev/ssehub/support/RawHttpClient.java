package dev.ssehub.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 over a plain socket, for tests that send what the JDK client refuses to build (malformed
 * request lines, odd headers, chunked bodies with extensions) and must see exactly what comes back.
 * One instance is one connection, kept alive from one exchange to the next until either side
 * closes it. Every read has a deadline, and the request is written on a thread of its own, so a
 * server that stops reading cannot block the caller past it. Not thread-safe.
 */
public final class RawHttpClient implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_LINE_BYTES = 256 * 1024;
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "raw-http-writer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * The connection was closed or reset before the first byte of a response: on a connection
     * that served earlier requests, most likely closed by the server while idle, which HTTP allows
     * at any time (RFC 9112, section 9.6).
     */
    public static final class NoResponseException extends IOException {

        NoResponseException(IOException cause) {
            super("connection closed without a response (" + cause.getMessage() + ")", cause);
        }
    }

    /** How the body of a response is delimited (RFC 9112, section 6.3). */
    public enum Framing {
        /** No body: a HEAD request, or a 204 or 304. */
        NONE,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** The chunked transfer coding. */
        CHUNKED,
        /** Everything until the server closes the connection. */
        UNTIL_CLOSE,
        /** A 200 {@code text/event-stream}: never ends by itself, so its body is not read. */
        STREAM
    }

    /**
     * One response.
     *
     * @param statusLine the status line as sent
     * @param status     the status code
     * @param headers    the header lines as sent, each {@code name: value}
     * @param body       the decoded body (empty for {@link Framing#NONE} and {@link Framing#STREAM})
     * @param framing    how the body was delimited
     */
    public record Response(String statusLine, int status, List<String> headers, byte[] body, Framing framing) {

        /** The first value of header {@code name} (any case), stripped, or {@code null}. */
        public String header(String name) {
            for (String line : headers) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        /** The body as UTF-8 text (malformed bytes replaced). */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The head as received, with the body's length, for failure messages. */
        public String describeHead() {
            return statusLine + "\n" + String.join("\n", headers) + "\n(" + framing + ", " + body.length
                    + " body bytes)";
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private Instant deadline = Instant.MAX;
    private int exchanges;
    private boolean reusable = true;

    private RawHttpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a connection to the host and port of {@code server}. */
    public static RawHttpClient connect(URI server) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return new RawHttpClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Requests sent on this connection so far, the current one included. */
    public int exchanges() {
        return exchanges;
    }

    /**
     * Whether another request may follow on this connection: the last response was delimited, did
     * not announce {@code Connection: close}, and nothing failed.
     */
    public boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /**
     * Sends {@code request} as is and reads the response to it (skipping interim 1xx responses),
     * all before {@code deadline}. For a {@link Framing#STREAM} only the head is read: call
     * {@link #nextChunk} for the body, or close.
     *
     * @param headRequest whether the request is a HEAD, whose response has no body whatever its headers say
     * @throws SocketTimeoutException if the response is not complete by the deadline
     * @throws NoResponseException    if the connection ends before the response starts
     * @throws IOException            if the connection fails or the response is not HTTP/1.x
     */
    public Response exchange(byte[] request, boolean headRequest, Instant deadline) throws IOException {
        this.deadline = deadline;
        exchanges++;
        reusable = false;
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> write(request), WRITERS);
        Response response;
        try {
            response = readResponse(headRequest);
        } catch (IOException e) {
            writeFailure(written).ifPresent(e::addSuppressed);
            throw e;
        }
        // The server may answer before it has read the whole request; the rest must be gone before
        // the next request can follow on this connection.
        boolean fullyWritten = writeFailure(written).isEmpty();
        reusable = fullyWritten && keepsAlive(response);
        return response;
    }

    /**
     * The next chunk of a chunked {@link Framing#STREAM} body as it arrives, or {@code null} at its
     * end; waits until {@code deadline} ({@link Instant#MAX}: as long as it takes).
     */
    public byte[] nextChunk(Instant deadline) throws IOException {
        this.deadline = deadline;
        return readChunk();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private void write(byte[] request) {
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Waits for the writer until the deadline; a writer still blocked then is cut off with the socket.
    private Optional<Throwable> writeFailure(CompletableFuture<Void> written) {
        try {
            written.get(Math.max(1, remainingMillis()), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause());
        } catch (TimeoutException e) {
            close();
            return Optional.of(new SocketTimeoutException("the request was not fully written by the deadline"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return Optional.of(e);
        }
    }

    private Response readResponse(boolean headRequest) throws IOException {
        try {
            if (!fill()) {
                throw new EOFException("end of stream");
            }
        } catch (EOFException | SocketException e) {
            throw new NoResponseException(e);
        }
        while (true) {
            String statusLine = readLine();
            int status = status(statusLine);
            List<String> headers = new ArrayList<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                headers.add(line);
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            Response head = new Response(statusLine, status, headers, new byte[0], Framing.NONE);
            Framing framing = framing(head, headRequest);
            return new Response(statusLine, status, headers, readBody(framing, head), framing);
        }
    }

    private static int status(String statusLine) throws ProtocolException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("no status code in: " + statusLine);
        }
    }

    private static Framing framing(Response head, boolean headRequest) {
        int status = head.status();
        if (headRequest || status == 204 || status == 304 || status == 101) {
            return Framing.NONE;
        }
        String type = head.header("Content-Type");
        if (status == 200 && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return Framing.STREAM;
        }
        String coding = head.header("Transfer-Encoding");
        if (coding != null && coding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            return Framing.CHUNKED;
        }
        return head.header("Content-Length") != null ? Framing.LENGTH : Framing.UNTIL_CLOSE;
    }

    private byte[] readBody(Framing framing, Response head) throws IOException {
        return switch (framing) {
            case NONE, STREAM -> new byte[0];
            case LENGTH -> readExactly(contentLength(head.header("Content-Length")));
            case CHUNKED -> readAllChunks();
            case UNTIL_CLOSE -> readToEnd();
        };
    }

    private static int contentLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException("invalid Content-Length: " + value);
        }
        int length = Integer.parseInt(value);
        if (length > MAX_BODY_BYTES) {
            throw new ProtocolException("Content-Length " + length + " is beyond what a test reads");
        }
        return length;
    }

    private boolean keepsAlive(Response response) {
        String connection = response.header("Connection");
        boolean close = connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        return !close && response.status() != 101 && response.statusLine().startsWith("HTTP/1.1")
                && (response.framing() == Framing.NONE || response.framing() == Framing.LENGTH
                        || response.framing() == Framing.CHUNKED);
    }

    private byte[] readAllChunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] chunk = readChunk(); chunk != null; chunk = readChunk()) {
            if (body.size() + chunk.length > MAX_BODY_BYTES) {
                throw new ProtocolException("chunked body beyond what a test reads");
            }
            body.write(chunk);
        }
        return body.toByteArray();
    }

    // One chunk's data, or null after the last chunk and its trailer section.
    private byte[] readChunk() throws IOException {
        String sizeLine = readLine();
        int extension = sizeLine.indexOf(';');
        String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
        int size;
        try {
            size = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new ProtocolException("invalid chunk size line: " + sizeLine);
        }
        if (size < 0 || size > MAX_BODY_BYTES) {
            throw new ProtocolException("invalid chunk size: " + sizeLine);
        }
        if (size == 0) {
            while (!readLine().isEmpty()) {
                // trailer fields are not needed
            }
            return null;
        }
        byte[] data = readExactly(size);
        if (!readLine().isEmpty()) {
            throw new ProtocolException("chunk data of " + size + " bytes not followed by CRLF");
        }
        return data;
    }

    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (fill()) {
            body.write(buffer, position, limit - position);
            position = limit;
            if (body.size() > MAX_BODY_BYTES) {
                throw new ProtocolException("body beyond what a test reads");
            }
        }
        return body.toByteArray();
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] data = new byte[length];
        int done = 0;
        while (done < length) {
            if (!fill()) {
                throw new EOFException("connection closed after " + done + " of " + length + " body bytes");
            }
            int n = Math.min(length - done, limit - position);
            System.arraycopy(buffer, position, data, done, n);
            position += n;
            done += n;
        }
        return data;
    }

    // A line ending in LF (a CR before it dropped), as ISO-8859-1 text.
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            if (!fill()) {
                throw new EOFException(line.size() == 0 ? "connection closed" : "connection closed inside a line: "
                        + line.toString(StandardCharsets.ISO_8859_1));
            }
            byte b = buffer[position++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new ProtocolException("line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    // Makes sure unread bytes are buffered; false at the end of the stream.
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        long left = remainingMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout(left > Integer.MAX_VALUE ? 0 : (int) left);
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private long remainingMillis() {
        if (deadline.equals(Instant.MAX)) {
            return Long.MAX_VALUE;
        }
        return Duration.between(Instant.now(), deadline).toMillis();
    }
}
