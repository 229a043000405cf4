package dev.ssehub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * One process of the at-size generator ({@link AtSizeMain} starts several, since one process holds
 * at most about 19,500 connections): opens its share of the subscriptions to one replica and keeps,
 * for every probe update, the distribution of its publish-to-receive times, which the coordinator
 * merges over all processes. Publisher and subscribers read the same clock ({@link System#nanoTime()}
 * is the machine's monotonic clock), so the times need no correction.
 *
 * <p>Usage: {@code AtSizeSubscribers PORT COUNT FIRST_ADDRESS ADDRESSES LIFETIME_SECONDS}. Commands come
 * as lines on standard input and each gets one line back: {@code received STEP} answers
 * {@code received N open M}; {@code dump FILE} writes one line per probe ({@code step,sentNanos,histogram}
 * with the histogram of microseconds compressed in Base64) and answers {@code dumped}; {@code quit}
 * exits. The process also exits when its input closes or its lifetime ends, whatever its parent does.
 */
public final class AtSizeSubscribers {

    static final String TOPIC = "at-size";
    /** Latencies in microseconds up to ten minutes, to 1%: enough for a probe's quantiles, small enough for hundreds of probes. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    static final int DIGITS = 2;
    private static final int OPEN_PARALLEL = 128;

    private AtSizeSubscribers() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int firstAddress = Integer.parseInt(args[2]);
        int addresses = Integer.parseInt(args[3]);
        long lifetimeSeconds = Long.parseLong(args[4]);
        exitAfter(lifetimeSeconds);
        // Touched only on the generator's event loop, like the rest of the subscribers' state.
        Map<String, Histogram> probes = new LinkedHashMap<>();
        Subscribers.Listener listener = (step, sentNanos, receivedNanos) -> probes
                .computeIfAbsent(step + "," + sentNanos, key -> new Histogram(HIGHEST_MICROS, DIGITS))
                .recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (receivedNanos - sentNanos) / 1_000)));
        Server hub = new SseHubServer("sse-hub", Path.of("unused"), List.of());
        try (Generator generator = new Generator();
                Subscribers subscribers = new Subscribers(generator, port, hub, count, firstAddress, addresses, listener)) {
            subscribers.open(count, TOPIC, OPEN_PARALLEL, TimeUnit.SECONDS.toMillis(lifetimeSeconds));
            Subscribers.Snapshot opened = subscribers.snapshot(0);
            System.out.println("opened " + opened.opened() + " failed " + opened.failed() + " last " + opened.lastFailure());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] command = line.split(" ", 2);
                switch (command[0]) {
                    case "received" -> {
                        Subscribers.Snapshot snapshot = subscribers.snapshot(Integer.parseInt(command[1]));
                        System.out.println("received " + snapshot.received() + " open " + snapshot.open());
                    }
                    case "dump" -> {
                        List<String> lines = generator.read(() -> encode(probes));
                        Files.write(Path.of(command[1]), lines, StandardCharsets.UTF_8);
                        System.out.println("dumped");
                    }
                    default -> System.out.println("unknown command " + line);
                }
            }
        }
        System.exit(0);
    }

    private static List<String> encode(Map<String, Histogram> probes) {
        List<String> lines = new ArrayList<>();
        probes.forEach((key, histogram) -> lines.add(key + "," + encode(histogram)));
        return lines;
    }

    /** {@code histogram} compressed, in Base64. */
    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** Decodes a histogram of {@link #encode(Histogram)}. */
    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), HIGHEST_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed histogram", e);
        }
    }

    // A generator left behind by a coordinator that died must not hold its connections for ever.
    private static void exitAfter(long seconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("lifetime of " + seconds + " s over: exiting");
            Runtime.getRuntime().halt(2);
        }, "lifetime");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
