package dev.ssehub.app;

import java.util.concurrent.ThreadFactory;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.netty.channel.EventLoopGroup;
import io.vertx.uring.IOUringTransport;

/**
 * Netty's io_uring transport for Vert.x, used only when {@code hub.io-uring=true}: with it, an event
 * loop hands the kernel all the writes of one pass (an update to each of its subscribers) in one
 * system call instead of one each. Off by default: the transport is an incubator, and containers
 * often forbid io_uring (Docker's default seccomp profile does).
 *
 * <p>Vert.x looks for transports through {@link java.util.ServiceLoader} when native transports are
 * preferred ({@code quarkus.vertx.prefer-native-transport}) and takes the first available one; the
 * incubator's own registration is removed from the application (see application.properties), so
 * this one decides. Unavailable (off, or the kernel refuses io_uring), Vert.x goes on to epoll.
 */
public class IoUringTransport extends IOUringTransport {

    private static final Logger LOG = Logger.getLogger(IoUringTransport.class);

    @Override
    public boolean isAvailable() {
        boolean wanted = ConfigProvider.getConfig().getOptionalValue("hub.io-uring", Boolean.class).orElse(false);
        if (!wanted) {
            return false;
        }
        if (!super.isAvailable()) {
            LOG.warnf("hub.io-uring is on but io_uring is not available here (%s); using epoll",
                    super.unavailabilityCause());
            return false;
        }
        return true;
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
        if (type == IO_EVENT_LOOP_GROUP) {
            LOG.infof("Network transport: io_uring (%d event loops)", threads);
        }
        return super.eventLoopGroup(type, threads, factory, ioRatio);
    }
}
