package dev.ssehub.mercure;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who a request comes from, for the hub's per-client limits: the client's IP address (as Quarkus
 * reports it, so the forwarded one behind a trusted proxy), an IPv6 address by its /64 prefix,
 * since one host commonly holds a whole /64.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** The client key of {@code request}. */
    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        if (host == null) {
            return "unknown";
        }
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            // A literal address: no name is looked up.
            InetAddress address = InetAddress.getByName(host);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF)).append(':');
                }
                return prefix.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
