package dev.ssehub.hub;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who a client is for the hub's per-client {@link Limits}: its IP address, and an IPv6 client by its
 * /64 prefix, since one host commonly holds a whole /64. Edges pass the address as their HTTP layer
 * reports it (the forwarded one behind a trusted proxy).
 */
public final class ClientKey {

    private ClientKey() {
    }

    /** The key of the client at {@code hostAddress} (a literal IP address), or {@code unknown} for {@code null}. */
    public static String of(String hostAddress) {
        if (hostAddress == null) {
            return "unknown";
        }
        if (hostAddress.indexOf(':') < 0) {
            return hostAddress;
        }
        try {
            // A literal address: no name is looked up.
            InetAddress address = InetAddress.getByName(hostAddress);
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
            return hostAddress;
        }
    }
}
